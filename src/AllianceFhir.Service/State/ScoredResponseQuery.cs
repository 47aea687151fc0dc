using Dapper;

namespace AllianceFhir.Service.State;

/// <summary>
/// Which inputs ("QuestionnaireResponse/{id}", "Observation/{id}") are in the score history already, so re-reads in
/// the overlap window are not processed again.
/// </summary>
public sealed class ScoredResponseQuery(StateDatabase db)
{
    public async Task<HashSet<string>> AlreadyScoredAsync(IReadOnlyCollection<string> references, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (references.Count == 0) return found;
        var responses = references.Where(r => r.StartsWith("QuestionnaireResponse/", StringComparison.Ordinal)).Select(r => r["QuestionnaireResponse/".Length..]).ToArray();
        var observations = references.Where(r => r.StartsWith("Observation/", StringComparison.Ordinal)).ToArray();
        await using var c = await db.OpenAsync(ct);
        foreach (var chunk in responses.Chunk(500))
            found.UnionWith((await c.QueryAsync<string>(new CommandDefinition(
                $"select distinct response_id from score_points where scored_here = 1 and {db.In("response_id", "chunk")}", new { chunk }, cancellationToken: ct)))
                .Select(id => "QuestionnaireResponse/" + id));
        foreach (var chunk in observations.Chunk(500))
            found.UnionWith(await c.QueryAsync<string>(new CommandDefinition(
                $"select distinct source_reference from score_points where scored_here = 0 and {db.In("source_reference", "chunk")}", new { chunk }, cancellationToken: ct)));
        return found;
    }
}
