using AllianceFhir.Ehr.WriteBack;
using Dapper;

namespace AllianceFhir.Service.State;

/// <summary>
/// The record of every write to the EHR. A confirmed write (created or existed) is unique per resource type and
/// identifier, so the ledger answers "was this written already?" without asking the EHR.
/// </summary>
public sealed class LedgerStore(StateDatabase db, TimeProvider time) : IWriteLedger
{
    public async Task RecordAsync(IEnumerable<LedgerEntry> entries, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = StateTime.Format(time.GetUtcNow());
        foreach (var e in entries)
        {
            // A second confirmation of the same identifier (a re-run) is not a new row: "on conflict do nothing".
            await c.ExecuteAsync(new CommandDefinition(
                """
                insert into ledger (run_id, resource_type, identifier_system, identifier_value, ehr_id, outcome, status_code, operation_outcome, written_at)
                values (@RunId, @ResourceType, @IdentifierSystem, @IdentifierValue, @EhrId, @Outcome, @StatusCode, @OperationOutcome, @now)
                on conflict do nothing
                """,
                new { e.RunId, e.ResourceType, e.IdentifierSystem, e.IdentifierValue, e.EhrId, e.Outcome, e.StatusCode, e.OperationOutcome, now },
                tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>The EHR ids of identifiers already confirmed, keyed by identifier value.</summary>
    public async Task<Dictionary<string, string?>> ConfirmedAsync(string resourceType, string identifierSystem, IReadOnlyCollection<string> values, CancellationToken ct)
    {
        var found = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (values.Count == 0) return found;
        await using var c = await db.OpenAsync(ct);
        foreach (var chunk in values.Chunk(500))
        {
            var rows = await c.QueryAsync<(string Value, string? EhrId)>(new CommandDefinition(
                $"""
                select identifier_value, ehr_id from ledger
                where resource_type = @resourceType and identifier_system = @identifierSystem
                  and outcome in ('created', 'existed') and {db.In("identifier_value", "chunk")}
                """,
                new { resourceType, identifierSystem, chunk }, cancellationToken: ct));
            foreach (var (value, ehrId) in rows) found[value] = ehrId;
        }
        return found;
    }

    public async Task<IReadOnlyList<LedgerEntry>> FailuresAsync(string? runId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<LedgerRow>(new CommandDefinition(
            """
            select resource_type as ResourceType, identifier_system as IdentifierSystem, identifier_value as IdentifierValue,
                   ehr_id as EhrId, outcome as Outcome, status_code as StatusCode, operation_outcome as OperationOutcome, run_id as RunId
            from ledger where outcome = 'failed' and (cast(@runId as text) is null or run_id = @runId) order by id
            """,
            new { runId }, cancellationToken: ct)))
            .Select(r => new LedgerEntry(r.ResourceType, r.IdentifierSystem, r.IdentifierValue, r.EhrId, r.Outcome, (int?)r.StatusCode, r.OperationOutcome, r.RunId))
            .ToList();
    }

    private sealed class LedgerRow
    {
        public string ResourceType { get; init; } = "";
        public string IdentifierSystem { get; init; } = "";
        public string IdentifierValue { get; init; } = "";
        public string? EhrId { get; init; }
        public string Outcome { get; init; } = "";
        public long? StatusCode { get; init; }
        public string? OperationOutcome { get; init; }
        public string? RunId { get; init; }
    }

    public async Task<long> CountAsync(string outcome, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from ledger where outcome = @outcome", new { outcome }, cancellationToken: ct));
    }
}
