namespace AllianceFhir.Core.Scoring;

public enum IssueSeverity
{
    /// <summary>The response is rejected: no score is written.</summary>
    Error,
    /// <summary>The response is scored, but something is worth telling (e.g. a subscale withheld for missing items).</summary>
    Warning,
}
