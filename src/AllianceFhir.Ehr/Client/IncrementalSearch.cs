using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Ehr.Client;

/// <summary>
/// Searches for resources updated since a checkpoint: <c>_lastUpdated=gt{checkpoint − overlap}</c>, so clock
/// skew between the EHR's writers and its index loses nothing. The caller stores the returned checkpoint only
/// after it has processed the resources.
/// </summary>
public sealed class IncrementalSearch(FhirSearchPager pager, IOptions<IncrementalSearchOptions> options)
{
    /// <param name="resourceType">e.g. QuestionnaireResponse.</param>
    /// <param name="checkpoint">The checkpoint from the previous run; null searches everything.</param>
    /// <param name="parameters">Further search parameters (not <c>_lastUpdated</c>).</param>
    /// <param name="onMalformed">Receives resources that do not parse; null fails the search on the first.</param>
    public async Task<IncrementalSearchResult> SearchAsync(
        string resourceType,
        DateTimeOffset? checkpoint,
        IEnumerable<KeyValuePair<string, string>>? parameters = null,
        Action<MalformedEntry>? onMalformed = null,
        CancellationToken cancellationToken = default)
    {
        var query = (parameters ?? []).ToList();
        if (query.Any(p => p.Key.StartsWith("_lastUpdated", StringComparison.Ordinal)))
            throw new ArgumentException("_lastUpdated is set by the incremental search itself", nameof(parameters));
        if (checkpoint is { } since)
            query.Add(new("_lastUpdated", "gt" + FhirJson.Instant(since - options.Value.Overlap)));

        var found = new List<Resource>();
        var latest = checkpoint;
        await foreach (var resource in pager.SearchAsync(resourceType, query, onMalformed, cancellationToken).ConfigureAwait(false))
        {
            found.Add(resource);
            if (resource.Meta?.LastUpdated is { } updated && (latest is null || updated > latest)) latest = updated;
        }
        return new IncrementalSearchResult(found, latest);
    }
}
