using AllianceFhir.Ehr.WriteBack;
using Dapper;

namespace AllianceFhir.State;

/// <summary>The results known to be covered by a Provenance (table <c>provenance_targets</c>, migration 0006).</summary>
public sealed class ProvenanceTargetStore(StateDatabase db, TimeProvider time) : IProvenanceLedger
{
    public async Task<IReadOnlySet<string>> CoveredAsync(IReadOnlyCollection<string> targets, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (targets.Count == 0) return found;
        await using var c = await db.OpenAsync(ct);
        foreach (var chunk in targets.Distinct().Chunk(500))
            found.UnionWith(await c.QueryAsync<string>(new CommandDefinition(
                $"select target from provenance_targets where {db.In("target", "chunk")}", new { chunk }, cancellationToken: ct)));
        return found;
    }

    public async Task RecordCoveredAsync(IReadOnlyCollection<string> targets, string? runId, CancellationToken ct)
    {
        if (targets.Count == 0) return;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = StateTime.Format(time.GetUtcNow());
        foreach (var target in targets.Distinct())
            await c.ExecuteAsync(new CommandDefinition(
                "insert into provenance_targets (target, run_id, recorded_at) values (@target, @runId, @now) on conflict do nothing",
                new { target, runId, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<long> CountAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from provenance_targets", cancellationToken: ct));
    }
}
