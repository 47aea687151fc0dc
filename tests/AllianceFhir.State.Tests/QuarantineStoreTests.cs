using AllianceFhir.State;
using AllianceFhir.Testing.Postgres;
using AllianceFhir.Testing.State;

namespace AllianceFhir.State.Tests;

/// <summary>Issue 10 §2: the same unreadable input read by run after run is one quarantine row, counted; against both databases.</summary>
public sealed class QuarantineStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly StateDatabases _databases = new(postgres);

    public void Dispose() => _databases.Dispose();

    [Theory]
    [InlineData(StateProvider.Sqlite)]
    [InlineData(StateProvider.Postgres)]
    public async Task Add_WhenTheSameLineIsQuarantinedByTwoRunsAndARetriedBatch_ThenOneRowSeenTwiceAndOtherContentApart(StateProvider provider)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero));
        var store = new QuarantineStore(await _databases.CreateAsync(provider, $"quarantine_{provider}".ToLowerInvariant()), clock);
        var line = new QuarantineEntry("QuestionnaireResponse.ndjson line 7", "QuestionnaireResponse", null, "not valid JSON", "run-1", ContentHash: QuarantineEntry.HashOf("{\"resourceType\":"));

        await store.AddAsync([line], CancellationToken.None);
        await store.AddAsync([line], CancellationToken.None); // the same run's batch retried
        clock.Now = clock.Now.AddDays(1);
        await store.AddAsync([line with { RunId = "run-2" }], CancellationToken.None);
        // Same place, other content (the export was fixed and broke differently): a row of its own.
        await store.AddAsync([line with { RunId = "run-2", ContentHash = QuarantineEntry.HashOf("{\"resourceType\":\"Q") }], CancellationToken.None);

        var rows = await store.ListAsync(10, CancellationToken.None);
        Assert.Equal(2, rows.Count);
        var seenTwice = Assert.Single(rows, r => r.SeenCount == 2);
        Assert.Equal(("run-2", "QuestionnaireResponse.ndjson line 7", "not valid JSON"), (seenTwice.RunId, seenTwice.Source, seenTwice.Reason));
        Assert.NotEqual(seenTwice.ReceivedAt, seenTwice.LastSeenAt);
        Assert.Single(rows, r => r.SeenCount == 1);
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
