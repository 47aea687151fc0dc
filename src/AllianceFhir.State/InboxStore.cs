using Dapper;

namespace AllianceFhir.State;

/// <summary>Responses ingested for a run, assigned to batches of patients; a batch job reads only its own.</summary>
public sealed class InboxStore(StateDatabase db)
{
    /// <summary>
    /// A response that did not parse as FHIR but whose raw JSON has a positive safety item: the batch reads its safety
    /// item only (ResponseId <c>unparsed:QuestionnaireResponse/{id}</c>), it is never scored.
    /// </summary>
    public const string UnparsedPrefix = "unparsed:";

    public sealed record Item(string ResponseId, string Patient, long BatchNo, string ResourceJson)
    {
        public bool IsUnparsed => ResponseId.StartsWith(UnparsedPrefix, StringComparison.Ordinal);
    }

    public async Task AddAsync(string runId, IEnumerable<Item> items, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var i in items)
            await c.ExecuteAsync(new CommandDefinition(
                """
                insert into inbox (run_id, response_id, patient, batch_no, resource_json) values (@runId, @ResponseId, @Patient, @BatchNo, @ResourceJson)
                on conflict (run_id, response_id) do update set resource_json = excluded.resource_json
                """,
                new { runId, i.ResponseId, i.Patient, i.BatchNo, i.ResourceJson }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<Item>> BatchAsync(string runId, int batchNo, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Item>(new CommandDefinition(
            """
            select response_id as ResponseId, patient as Patient, batch_no as BatchNo, resource_json as ResourceJson
            from inbox where run_id = @runId and batch_no = @batchNo order by patient, response_id
            """,
            new { runId, batchNo }, cancellationToken: ct))).ToList();
    }

    public async Task DeleteRunAsync(string runId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("delete from inbox where run_id = @runId", new { runId }, cancellationToken: ct));
    }
}
