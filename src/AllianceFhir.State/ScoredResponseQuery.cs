using AllianceFhir.Core.Pipeline;
using Dapper;
using Hl7.Fhir.Model;

namespace AllianceFhir.State;

/// <summary>
/// Which inputs read from the EHR need nothing done, so re-reads in the overlap window are not processed again, while
/// changed ones are (docs/adr/0009-following-the-record.md): a QuestionnaireResponse is skipped only when the version
/// and content scored (scored_responses) are the ones read now; an EHR-stored score Observation when it is in the
/// history and was not amended, corrected or entered-in-error since, or when it is entered-in-error and was never used.
/// </summary>
public sealed class ScoredResponseQuery(StateDatabase db)
{
    public async Task<HashSet<string>> UnchangedAsync(IReadOnlyCollection<Resource> inputs, CancellationToken ct)
    {
        var skip = new HashSet<string>(StringComparer.Ordinal);
        if (inputs.Count == 0) return skip;
        var responses = inputs.OfType<QuestionnaireResponse>().Where(r => r.Id is not null).GroupBy(r => r.Id!).ToDictionary(g => g.Key, g => g.Last());
        var observations = inputs.OfType<Observation>().Where(o => o.Id is not null).GroupBy(o => $"Observation/{o.Id}").ToDictionary(g => g.Key, g => g.Last());
        await using var c = await db.OpenAsync(ct);
        foreach (var chunk in responses.Keys.Chunk(500))
            foreach (var (id, version, hash) in await c.QueryAsync<(string, string?, string)>(new CommandDefinition(
                $"select response_id, version_id, content_hash from scored_responses where {db.In("response_id", "chunk")}", new { chunk }, cancellationToken: ct)))
            {
                var now = responses[id];
                if (hash == ContentHash.Of(now) && (version is null || now.Meta?.VersionId is null || version == now.Meta.VersionId))
                    skip.Add($"QuestionnaireResponse/{id}");
            }
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in observations.Keys.Chunk(500))
            known.UnionWith(await c.QueryAsync<string>(new CommandDefinition(
                $"select distinct source_reference from score_points where scored_here = 0 and {db.In("source_reference", "chunk")}", new { chunk }, cancellationToken: ct)));
        foreach (var (reference, o) in observations)
        {
            // Ours (scores, summaries we wrote, and revised): never an input, whatever their status.
            if (o.Identifier.Any(i => i.System?.StartsWith(Core.Catalogue.CanonicalUrls.Base + "/identifier/", StringComparison.Ordinal) == true))
            {
                skip.Add(reference);
                continue;
            }
            var changed = o.Status is ObservationStatus.Amended or ObservationStatus.Corrected or ObservationStatus.EnteredInError;
            if (known.Contains(reference) ? !changed : o.Status == ObservationStatus.EnteredInError) skip.Add(reference);
        }
        return skip;
    }
}
