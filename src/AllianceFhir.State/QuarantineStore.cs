using Dapper;

namespace AllianceFhir.State;

/// <summary>
/// The quarantine list: one row per unusable input (same source, type, id and content: the same row, issue 10 §2). A
/// later run that reads it again moves the row to that run and counts it; a retried batch of the same run does not.
/// </summary>
public sealed class QuarantineStore(StateDatabase db, TimeProvider time)
{
    public async Task AddAsync(IEnumerable<QuarantineEntry> entries, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = StateTime.Format(time.GetUtcNow());
        foreach (var e in entries)
        {
            var key = QuarantineEntry.HashOf($"{e.Source}\n{e.ResourceType}\n{e.ResourceId}\n{e.ContentHash ?? QuarantineEntry.HashOf(e.Reason)}");
            await c.ExecuteAsync(new CommandDefinition(
                """
                insert into quarantine (run_id, source, resource_type, resource_id, reason, received_at, dedup_key, seen_count, last_seen_at)
                values (@RunId, @Source, @ResourceType, @ResourceId, @Reason, @now, @key, 1, @now)
                on conflict (dedup_key) do update set
                    seen_count = quarantine.seen_count + case when quarantine.run_id = excluded.run_id then 0 else 1 end,
                    run_id = excluded.run_id, reason = excluded.reason, last_seen_at = excluded.last_seen_at
                """,
                new { e.RunId, e.Source, e.ResourceType, e.ResourceId, e.Reason, now, key }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<QuarantineEntry>> ListAsync(int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<QuarantineEntry>(new CommandDefinition(
            """
            select source as Source, resource_type as ResourceType, resource_id as ResourceId, reason as Reason, run_id as RunId, received_at as ReceivedAt,
                   dedup_key as ContentHash, seen_count as SeenCount, last_seen_at as LastSeenAt
            from quarantine order by coalesce(last_seen_at, received_at) desc, id desc limit @limit
            """,
            new { limit }, cancellationToken: ct)))
            // Plain columns only: SQLite types an expression column by its first row, so on an empty table Dapper
            // would look for a byte[] constructor parameter. Rows from before 0007 have no last-seen time.
            .Select(e => e.LastSeenAt is null ? e with { LastSeenAt = e.ReceivedAt } : e)
            .ToList();
    }
}
