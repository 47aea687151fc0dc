using AllianceFhir.Ehr.WriteBack;
using Dapper;

namespace AllianceFhir.State;

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
                new { e.RunId, e.ResourceType, e.IdentifierSystem, e.IdentifierValue, e.EhrId, Outcome = WriteOutcomeText.Of(e.Outcome), e.StatusCode, e.OperationOutcome, now },
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
                select l.identifier_value, coalesce(c.ehr_id, l.ehr_id) from ledger l
                left join ledger_current c on c.resource_type = l.resource_type and c.identifier_system = l.identifier_system
                  and c.identifier_value = l.identifier_value
                where l.resource_type = @resourceType and l.identifier_system = @identifierSystem
                  and l.outcome in ('created', 'existed') and {db.In("l.identifier_value", "chunk")}
                """,
                new { resourceType, identifierSystem, chunk }, cancellationToken: ct));
            foreach (var (value, ehrId) in rows) found[value] = ehrId;
        }
        return found;
    }

    /// <summary>
    /// The current EHR resource per identifier value: from ledger_current where a write recorded it (with version and
    /// content hash), else the id of a confirmed create (version and hash unknown).
    /// </summary>
    public async Task<Dictionary<string, CurrentWrite>> CurrentAsync(string resourceType, string identifierSystem, IReadOnlyCollection<string> values, CancellationToken ct)
    {
        var found = new Dictionary<string, CurrentWrite>(StringComparer.Ordinal);
        if (values.Count == 0) return found;
        await using var c = await db.OpenAsync(ct);
        foreach (var chunk in values.Chunk(500))
        {
            var rows = await c.QueryAsync<(string Value, string EhrId, string? VersionId, string? ContentHash, string? ReplacesEhrId)>(new CommandDefinition(
                $"""
                select identifier_value, ehr_id, version_id, content_hash, replaces_ehr_id from ledger_current
                where resource_type = @resourceType and identifier_system = @identifierSystem and {db.In("identifier_value", "chunk")}
                union all
                select l.identifier_value, l.ehr_id, null, null, null from ledger l
                where l.resource_type = @resourceType and l.identifier_system = @identifierSystem and l.ehr_id is not null
                  and l.outcome in ('created', 'existed') and {db.In("l.identifier_value", "chunk")}
                  and not exists (select 1 from ledger_current c where c.resource_type = l.resource_type
                    and c.identifier_system = l.identifier_system and c.identifier_value = l.identifier_value)
                """,
                new { resourceType, identifierSystem, chunk }, cancellationToken: ct));
            foreach (var r in rows) found[r.Value] = new CurrentWrite(resourceType, identifierSystem, r.Value, r.EhrId, r.VersionId, r.ContentHash, r.ReplacesEhrId);
        }
        return found;
    }

    /// <summary>Records the current EHR resource per identifier (one row each, replaced on every revision).</summary>
    public async Task RecordCurrentAsync(IEnumerable<CurrentWrite> entries, CancellationToken ct)
    {
        var list = entries.ToList();
        if (list.Count == 0) return;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = StateTime.Format(time.GetUtcNow());
        foreach (var e in list)
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                insert into ledger_current (resource_type, identifier_system, identifier_value, ehr_id, version_id, content_hash, replaces_ehr_id, updated_at)
                values (@ResourceType, @IdentifierSystem, @IdentifierValue, @EhrId, @VersionId, @ContentHash, @ReplacesEhrId, @now)
                on conflict (resource_type, identifier_system, identifier_value) do update set
                    ehr_id = excluded.ehr_id, version_id = excluded.version_id, content_hash = excluded.content_hash,
                    replaces_ehr_id = coalesce(excluded.replaces_ehr_id, ledger_current.replaces_ehr_id), updated_at = excluded.updated_at
                """,
                new { e.ResourceType, e.IdentifierSystem, e.IdentifierValue, e.EhrId, e.VersionId, e.ContentHash, e.ReplacesEhrId, now },
                tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
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
            .Select(r => new LedgerEntry(r.ResourceType, r.IdentifierSystem, r.IdentifierValue, r.EhrId, WriteOutcomeText.Parse(r.Outcome), (int?)r.StatusCode, r.OperationOutcome, r.RunId))
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

    public async Task<long> CountAsync(WriteOutcome outcome, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from ledger where outcome = @outcome", new { outcome = WriteOutcomeText.Of(outcome) }, cancellationToken: ct));
    }
}
