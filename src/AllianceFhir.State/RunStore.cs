using Dapper;

namespace AllianceFhir.State;

/// <summary>A run of a job fanned out into batches; the run completes (and its checkpoint moves) when every batch has.</summary>
public sealed class RunStore(StateDatabase db, TimeProvider time)
{
    private static readonly string Ingesting = RunStatusCodes.Code(RunStatus.Ingesting);
    private static readonly string Scoring = RunStatusCodes.Code(RunStatus.Scoring);
    private static readonly string Complete = RunStatusCodes.Code(RunStatus.Complete);
    private static readonly string Pending = RunStatusCodes.Code(BatchStatus.Pending);
    private static readonly string Done = RunStatusCodes.Code(BatchStatus.Done);

    public sealed record Run(string RunId, string Job, string? CheckpointCandidate, long BatchCount, RunStatus Status);

    public async Task StartAsync(string runId, string job, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "insert into runs (run_id, job, started_at, status) values (@runId, @job, @now, @ingesting)",
            new { runId, job, now = StateTime.Format(time.GetUtcNow()), ingesting = Ingesting }, cancellationToken: ct));
    }

    /// <summary>Records the run's batches; a run with none has nothing left to score and is complete at once.</summary>
    public async Task FanOutAsync(string runId, int batchCount, DateTimeOffset? checkpointCandidate, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "update runs set batch_count = @batchCount, checkpoint_candidate = @cp, status = case when @batchCount = 0 then @complete else @scoring end where run_id = @runId",
            new { runId, batchCount, cp = checkpointCandidate is null ? null : StateTime.Format(checkpointCandidate.Value), complete = Complete, scoring = Scoring }, tx, cancellationToken: ct));
        for (var b = 0; b < batchCount; b++)
            await c.ExecuteAsync(new CommandDefinition(
                "insert into batches (run_id, batch_no, status) values (@runId, @b, @pending) on conflict do nothing",
                new { runId, b, pending = Pending }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<Run?> GetAsync(string runId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            "select run_id as RunId, job as Job, checkpoint_candidate as CheckpointCandidate, batch_count as BatchCount, status as Status from runs where run_id = @runId",
            new { runId }, cancellationToken: ct));
        return row is null ? null : new Run(row.RunId, row.Job, row.CheckpointCandidate, row.BatchCount, RunStatusCodes.ParseRun(row.Status));
    }

    public async Task<BatchStatus?> GetBatchAsync(string runId, int batchNo, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var status = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "select status from batches where run_id = @runId and batch_no = @batchNo", new { runId, batchNo }, cancellationToken: ct));
        return status is null ? null : RunStatusCodes.ParseBatch(status);
    }

    public async Task<bool> IsBatchDoneAsync(string runId, int batchNo, CancellationToken ct) =>
        await GetBatchAsync(runId, batchNo, ct) == BatchStatus.Done;

    /// <summary>Marks a batch done; returns true for the one caller that finds every batch of the run done (it then closes the run).</summary>
    public async Task<bool> CompleteBatchAsync(string runId, int batchNo, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = StateTime.Format(time.GetUtcNow());
        // Lock the run row first: batches finishing at once on several instances then count one after another,
        // so the last one sees every other batch done (under READ COMMITTED they would otherwise miss each other).
        await c.ExecuteAsync(new CommandDefinition(
            "update runs set status = status where run_id = @runId", new { runId }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(
            "update batches set status = @done, completed_at = @now, attempts = attempts + 1 where run_id = @runId and batch_no = @batchNo",
            new { runId, batchNo, now, done = Done }, tx, cancellationToken: ct));
        var pending = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from batches where run_id = @runId and status <> @done", new { runId, done = Done }, tx, cancellationToken: ct));
        // Only one caller moves the run from scoring to complete: the row count says who.
        var closed = pending == 0 && await c.ExecuteAsync(new CommandDefinition(
            "update runs set status = @complete where run_id = @runId and status = @scoring",
            new { runId, complete = Complete, scoring = Scoring }, tx, cancellationToken: ct)) == 1;
        await tx.CommitAsync(ct);
        return closed;
    }

    private sealed class RunRow
    {
        public string RunId { get; init; } = "";
        public string Job { get; init; } = "";
        public string? CheckpointCandidate { get; init; }
        public long BatchCount { get; init; }
        public string Status { get; init; } = "";
    }
}
