using Dapper;

namespace AllianceFhir.State;

public sealed class QuarantineStore(StateDatabase db, TimeProvider time)
{
    public async Task AddAsync(IEnumerable<QuarantineEntry> entries, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = StateTime.Format(time.GetUtcNow());
        foreach (var e in entries)
            await c.ExecuteAsync(new CommandDefinition(
                "insert into quarantine (run_id, source, resource_type, resource_id, reason, received_at) values (@RunId, @Source, @ResourceType, @ResourceId, @Reason, @now)",
                new { e.RunId, e.Source, e.ResourceType, e.ResourceId, e.Reason, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<QuarantineEntry>> ListAsync(int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<QuarantineEntry>(new CommandDefinition(
            """
            select source as Source, resource_type as ResourceType, resource_id as ResourceId, reason as Reason, run_id as RunId, received_at as ReceivedAt
            from quarantine order by id desc limit @limit
            """,
            new { limit }, cancellationToken: ct))).ToList();
    }
}
