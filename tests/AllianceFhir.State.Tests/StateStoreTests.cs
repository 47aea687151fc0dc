using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.State;
using AllianceFhir.Testing.State;
using AllianceFhir.Testing.Postgres;

namespace AllianceFhir.State.Tests;

/// <summary>The state stores against both real databases: SQLite (embedded default) and PostgreSQL (production).</summary>
public sealed class StateStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly StateDatabases _databases = new(postgres);

    public void Dispose() => _databases.Dispose();

    private Task<StateDatabase> DatabaseAsync(StateProvider provider, string name) => _databases.CreateAsync(provider, name);

    [Theory]
    [InlineData(StateProvider.Sqlite)]
    [InlineData(StateProvider.Postgres)]
    public async Task Ledger_WhenTheSameWriteIsConfirmedTwice_ThenOneRowAndItsEhrIdIsFound(StateProvider provider)
    {
        var ledger = new LedgerStore(await DatabaseAsync(provider, $"ledger_{provider}".ToLowerInvariant()), TimeProvider.System);
        var entry = new LedgerEntry("Observation", "https://alliancefhir.org/fhir/identifier/score", "af-1", "ehr-1", WriteOutcome.Created, 201, null, "run-1");

        await ledger.RecordAsync([entry, entry with { Outcome = WriteOutcome.Existed, RunId = "run-2" }], CancellationToken.None);
        await ledger.RecordAsync([entry with { IdentifierValue = "af-2", EhrId = null, Outcome = WriteOutcome.Failed, StatusCode = 422, OperationOutcome = "{\"resourceType\":\"OperationOutcome\"}" }], CancellationToken.None);

        var confirmed = await ledger.ConfirmedAsync("Observation", entry.IdentifierSystem, ["af-1", "af-2", "af-3"], CancellationToken.None);
        Assert.Equal(new Dictionary<string, string?> { ["af-1"] = "ehr-1" }, confirmed);
        Assert.Equal(1, await ledger.CountAsync(WriteOutcome.Created, CancellationToken.None));
        var failure = Assert.Single(await ledger.FailuresAsync(null, CancellationToken.None));
        Assert.Equal((422, "af-2"), (failure.StatusCode, failure.IdentifierValue));
        Assert.Contains("OperationOutcome", failure.OperationOutcome);
    }

    [Theory]
    [InlineData(StateProvider.Sqlite)]
    [InlineData(StateProvider.Postgres)]
    public async Task Checkpoint_WhenAnOlderValueArrivesLater_ThenItNeverMovesBack(StateProvider provider)
    {
        var checkpoints = new CheckpointStore(await DatabaseAsync(provider, $"checkpoint_{provider}".ToLowerInvariant()), TimeProvider.System);
        var newer = new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);

        await checkpoints.AdvanceAsync("nightly-scoring", newer, CancellationToken.None);
        await checkpoints.AdvanceAsync("nightly-scoring", newer.AddHours(-1), CancellationToken.None);

        Assert.Equal(newer, await checkpoints.GetAsync("nightly-scoring", CancellationToken.None));
        Assert.Null(await checkpoints.GetAsync("safety-sweep", CancellationToken.None));
    }

    [Theory]
    [InlineData(StateProvider.Sqlite)]
    [InlineData(StateProvider.Postgres)]
    public async Task Run_WhenBatchesCompleteConcurrently_ThenExactlyOneCallerClosesTheRun(StateProvider provider)
    {
        var runs = new RunStore(await DatabaseAsync(provider, $"runs_{provider}".ToLowerInvariant()), TimeProvider.System);
        await runs.StartAsync("run-1", "nightly-scoring", CancellationToken.None);
        await runs.FanOutAsync("run-1", 6, DateTimeOffset.UnixEpoch, CancellationToken.None);
        Assert.Equal(RunStatus.Scoring, (await runs.GetAsync("run-1", CancellationToken.None))!.Status);
        Assert.Equal(BatchStatus.Pending, await runs.GetBatchAsync("run-1", 5, CancellationToken.None));

        var closers = await Task.WhenAll(Enumerable.Range(0, 6).Select(b => Task.Run(() => runs.CompleteBatchAsync("run-1", b, CancellationToken.None))));

        Assert.Equal(1, closers.Count(c => c));
        Assert.Equal(RunStatus.Complete, (await runs.GetAsync("run-1", CancellationToken.None))!.Status);
        Assert.True(await runs.IsBatchDoneAsync("run-1", 5, CancellationToken.None));
    }

    [Theory]
    [InlineData(StateProvider.Sqlite)]
    [InlineData(StateProvider.Postgres)]
    public async Task FanOut_WhenTheRunHasNoBatches_ThenItIsCompleteNotScoring(StateProvider provider)
    {
        var runs = new RunStore(await DatabaseAsync(provider, $"emptyrun_{provider}".ToLowerInvariant()), TimeProvider.System);
        await runs.StartAsync("run-empty", "nightly-scoring", CancellationToken.None);

        await runs.FanOutAsync("run-empty", 0, null, CancellationToken.None);

        Assert.Equal(RunStatus.Complete, (await runs.GetAsync("run-empty", CancellationToken.None))!.Status);
    }

    [Theory]
    [InlineData(StateProvider.Sqlite)]
    [InlineData(StateProvider.Postgres)]
    public async Task Run_WhenRowsWereWrittenWithTheStatusWordsOfBefore_ThenTheyReadAsTypedStates(StateProvider provider)
    {
        var db = await DatabaseAsync(provider, $"run_words_{provider}".ToLowerInvariant());
        await using (var c = await db.OpenAsync(CancellationToken.None))
        {
            // As the runs and batches tables hold them since 0001 (src/AllianceFhir.Service/State/RunStore.cs before typed states).
            await Dapper.SqlMapper.ExecuteAsync(c, """
                insert into runs (run_id, job, started_at, batch_count, status) values
                    ('old-1', 'nightly-scoring', '2026-11-30T02:00:00.0000000Z', 1, 'complete'),
                    ('old-2', 'nightly-scoring', '2026-12-01T02:00:00.0000000Z', 0, 'ingesting');
                insert into batches (run_id, batch_no, status, attempts) values ('old-1', 0, 'done', 1);
                """);
        }
        var runs = new RunStore(db, TimeProvider.System);

        Assert.Equal(RunStatus.Complete, (await runs.GetAsync("old-1", CancellationToken.None))!.Status);
        Assert.Equal(RunStatus.Ingesting, (await runs.GetAsync("old-2", CancellationToken.None))!.Status);
        Assert.Equal(BatchStatus.Done, await runs.GetBatchAsync("old-1", 0, CancellationToken.None));
        Assert.Null(await runs.GetBatchAsync("old-1", 1, CancellationToken.None));
    }
}
