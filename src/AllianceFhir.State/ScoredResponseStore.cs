using Dapper;

namespace AllianceFhir.State;

/// <summary>
/// Per QuestionnaireResponse scored: the version, content hash and status last scored (migration 0005), so a response
/// that changed since (amended, a new version, different answers under the same id, entered-in-error) is scored again
/// and one that did not is skipped (docs/adr/0009-following-the-record.md).
/// </summary>
public sealed class ScoredResponseStore(StateDatabase db, TimeProvider time)
{
    public sealed record Scored(string ResponseId, string Patient, string? VersionId, string ContentHash, string Status);

    public async Task<Dictionary<string, Scored>> GetAsync(IReadOnlyCollection<string> responseIds, CancellationToken ct)
    {
        var found = new Dictionary<string, Scored>(StringComparer.Ordinal);
        if (responseIds.Count == 0) return found;
        await using var c = await db.OpenAsync(ct);
        foreach (var chunk in responseIds.Chunk(500))
            foreach (var r in await c.QueryAsync<(string ResponseId, string Patient, string? VersionId, string ContentHash, string Status)>(new CommandDefinition(
                $"select response_id, patient, version_id, content_hash, status from scored_responses where {db.In("response_id", "chunk")}",
                new { chunk }, cancellationToken: ct)))
                found[r.ResponseId] = new Scored(r.ResponseId, r.Patient, r.VersionId, r.ContentHash, r.Status);
        return found;
    }

    public async Task RecordAsync(IEnumerable<Scored> responses, CancellationToken ct)
    {
        var list = responses.ToList();
        if (list.Count == 0) return;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = StateTime.Format(time.GetUtcNow());
        foreach (var r in list)
            await c.ExecuteAsync(new CommandDefinition(
                """
                insert into scored_responses (response_id, patient, version_id, content_hash, status, scored_at)
                values (@ResponseId, @Patient, @VersionId, @ContentHash, @Status, @now)
                on conflict (response_id) do update set patient = excluded.patient, version_id = excluded.version_id,
                    content_hash = excluded.content_hash, status = excluded.status, scored_at = excluded.scored_at
                """,
                new { r.ResponseId, r.Patient, r.VersionId, r.ContentHash, r.Status, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }
}
