namespace AllianceFhir.Ehr.Client;

/// <summary>Incremental search by <c>_lastUpdated</c> (configuration section <c>Ehr:IncrementalSearch</c>).</summary>
public sealed class IncrementalSearchOptions
{
    public const string Section = "Ehr:IncrementalSearch";

    /// <summary>
    /// How far before the checkpoint each search starts again. Resources committed late, or stamped by a server
    /// clock that runs behind, still fall inside the window; the caller dedupes by id + versionId.
    /// </summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(5);
}
