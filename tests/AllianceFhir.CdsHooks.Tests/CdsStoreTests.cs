using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;
using AllianceFhir.CdsHooks;
using AllianceFhir.State;
using AllianceFhir.Testing.State;
using AllianceFhir.Testing.Postgres;

namespace AllianceFhir.CdsHooks.Tests;

/// <summary>Migration 0003's stores (patient alerts, JWT ids, CDS feedback) on both real databases.</summary>
public sealed class CdsStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private readonly StateDatabases _databases = new(postgres);

    public void Dispose() => _databases.Dispose();

    private Task<StateDatabase> DatabaseAsync(StateProvider provider, string name) => _databases.CreateAsync(provider, name);

    private static PatientAlert Alert(AlertKind kind, string key, DateTimeOffset occurred, string? series = null, string? ehrId = null) => PatientAlert.From(
        new AlertIntent(kind, key, "Patient/p1", kind == AlertKind.Safety ? "safety-self-harm" : "alliance-rupture", "x",
            kind == AlertKind.Safety ? AlertPriority.Stat : AlertPriority.Routine, $"summary of {key}", "detail", occurred, []),
        series, At, ehrId);

    [Theory]
    [InlineData(StateProvider.Sqlite)]
    [InlineData(StateProvider.Postgres)]
    public async Task PatientAlerts_WhenRecordedTwiceAndResolved_ThenOnlyOpenOnesAreActiveAndTheEhrIdIsKept(StateProvider provider)
    {
        var store = new PatientAlertStore(await DatabaseAsync(provider, $"alerts_{provider}".ToLowerInvariant()), TimeProvider.System);
        await store.RecordAsync(
        [
            Alert(AlertKind.Safety, "safety|QuestionnaireResponse/q1", At, ehrId: "flag-1"),
            Alert(AlertKind.Safety, "safety|QuestionnaireResponse/q0", At.AddDays(-40)),
            Alert(AlertKind.AllianceRupture, "rupture|a", At, "srs|total"),
            Alert(AlertKind.NotOnTrack, "not-on-track|old", At.AddDays(-7), "phq-9|total"),
            Alert(AlertKind.NotOnTrack, "not-on-track|new", At, "phq-9|total"),
        ], CancellationToken.None);
        // The next run sees the same safety alert without a confirmed write: the EHR id stays.
        await store.RecordAsync([Alert(AlertKind.Safety, "safety|QuestionnaireResponse/q1", At)], CancellationToken.None);

        await store.TransitionAsync("rupture|a", new AlertStep(AlertState.Resolved, "AllianceFhir", At.AddDays(3), "rupture repaired"), "service", CancellationToken.None);
        Assert.Equal(["not-on-track|old"], (await store.OpenOnSeriesAsync("Patient/p1", "phq-9|total", AlertKind.NotOnTrack, "not-on-track|new", CancellationToken.None)).Select(a => a.Key));
        await store.TransitionAsync("not-on-track|old", new AlertStep(AlertState.Resolved, "AllianceFhir", At.AddDays(1), "superseded"), "service", CancellationToken.None);

        // A safety alert stays until the lifecycle ends it, however old (no fixed expiry).
        var active = await store.ActiveAsync("Patient/p1", CancellationToken.None);
        Assert.Equal(["not-on-track|new", "safety|QuestionnaireResponse/q0", "safety|QuestionnaireResponse/q1"], active.Select(a => a.Key).Order());
        Assert.Equal("flag-1", active.Single(a => a.Key == "safety|QuestionnaireResponse/q1").EhrId);
        var all = await store.AllAsync("Patient/p1", CancellationToken.None);
        var rupture = all.Single(a => a.Key == "rupture|a");
        Assert.Equal((AlertState.Resolved, At.AddDays(3), "rupture repaired"), (rupture.State, rupture.ResolvedAt, rupture.ResolvedWhy));
        Assert.Equal(CardIds.For("rupture|a"), rupture.CardUuid);
        Assert.Empty(await store.ActiveAsync("Patient/p2", CancellationToken.None));
    }

    [Theory]
    [InlineData(StateProvider.Sqlite)]
    [InlineData(StateProvider.Postgres)]
    public async Task Jti_WhenUsedTwice_ThenRefusedTheSecondTimeButAnExpiredEntryIsForgotten(StateProvider provider)
    {
        var jti = new JtiStore(await DatabaseAsync(provider, $"jti_{provider}".ToLowerInvariant()));

        Assert.True(await jti.TryUseAsync("https://ehr", "j-1", At.AddMinutes(5), At, CancellationToken.None));
        Assert.False(await jti.TryUseAsync("https://ehr", "j-1", At.AddMinutes(5), At.AddMinutes(1), CancellationToken.None));
        Assert.True(await jti.TryUseAsync("https://other-ehr", "j-1", At.AddMinutes(5), At.AddMinutes(1), CancellationToken.None));
        Assert.True(await jti.TryUseAsync("https://ehr", "j-1", At.AddMinutes(20), At.AddMinutes(10), CancellationToken.None));
    }

    [Theory]
    [InlineData(StateProvider.Sqlite)]
    [InlineData(StateProvider.Postgres)]
    public async Task Feedback_WhenAdded_ThenReadBackPerCard(StateProvider provider)
    {
        var store = new FeedbackStore(await DatabaseAsync(provider, $"feedback_{provider}".ToLowerInvariant()), TimeProvider.System);
        var card = CardIds.For("rupture|a");

        await store.AddAsync([new FeedbackStore.Entry("svc", card, "overridden", "sys", "already-discussed", 0, At, "https://ehr")], CancellationToken.None);

        var read = Assert.Single(await store.ForCardAsync(card, CancellationToken.None));
        Assert.Equal(("overridden", "already-discussed", At), (read.Outcome, read.OverrideCode, read.OutcomeTimestamp));
    }
}
