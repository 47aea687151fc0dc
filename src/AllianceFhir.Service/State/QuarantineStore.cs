using Dapper;

namespace AllianceFhir.Service.State;

public sealed class QuarantineStore(StateDatabase db, TimeProvider time)
{
    /// <summary>
    /// Adds what is not already quarantined: the same resource (type and id; without an id, the same source) with the same
    /// reason is listed once, under the run that first found it. Each nightly run reads back over an overlap, and a
    /// resource that stays unreadable would otherwise be quarantined again by every run. Returns how many were added.
    /// </summary>
    public async Task<int> AddAsync(IEnumerable<QuarantineEntry> entries, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = StateTime.Format(time.GetUtcNow());
        var added = 0;
        foreach (var e in entries)
            added += await c.ExecuteAsync(new CommandDefinition(
                """
                insert into quarantine (run_id, source, resource_type, resource_id, reason, received_at)
                select @RunId, @Source, @ResourceType, @ResourceId, @Reason, @now
                where not exists (
                    select 1 from quarantine
                    where coalesce(resource_type, '') = coalesce(@ResourceType, '') and coalesce(resource_id, '') = coalesce(@ResourceId, '')
                      and reason = @Reason and (resource_id is not null or source = @Source))
                """,
                new { e.RunId, e.Source, e.ResourceType, e.ResourceId, e.Reason, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return added;
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
