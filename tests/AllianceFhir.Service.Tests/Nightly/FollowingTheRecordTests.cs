using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Resources;
using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.FhirServer;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.State;
using AllianceFhir.Testing.Postgres;

namespace AllianceFhir.Service.Tests.Nightly;

/// <summary>
/// Amendments and retractions (issue 9 §1, §2) through the safety sweep and the nightly job, against the real test
/// FHIR server, SQLite state, and PostgreSQL state where named (docs/adr/0009-following-the-record.md).
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class FollowingTheRecordTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static async Task PutPhq9Async(FhirServerProcess server, string id, string patient, string authored, int item9, string status = "completed")
    {
        string[] la = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"];
        var items = string.Join(",", Enumerable.Range(1, 9).Select(i =>
            "{\"linkId\":\"" + i + "\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"" + la[i == 9 ? item9 : 1] + "\"}}]}"));
        var json = $$"""
            {"resourceType":"QuestionnaireResponse","id":"{{id}}","status":"{{status}}","questionnaire":"https://alliancefhir.org/fhir/Questionnaire/phq-9",
             "subject":{"reference":"Patient/{{patient}}"},"authored":"{{authored}}","item":[{{items}}]}
            """;
        using var http = server.CreateHttpClient();
        (await http.PutAsync($"QuestionnaireResponse/{id}", new StringContent(json, Encoding.UTF8, "application/fhir+json"))).EnsureSuccessStatusCode();
    }

    private static async Task<List<JsonElement>> WithIdentifierAsync(FhirServerProcess server, string type, string system, string value) =>
        await EhrQuery.AllAsync(server, type, $"identifier={system}|{value}");

    private static string Status(JsonElement resource) => resource.GetProperty("status").GetString()!;

    [Theory]
    [InlineData(StateProvider.Sqlite)]
    [InlineData(StateProvider.Postgres)]
    public async Task NightlyAndSweep_WhenAScoredResponseIsAmendedThenRetracted_ThenScoresAndAlertFollowAndAThirdRunWritesNothing(StateProvider provider)
    {
        await using var server = await FhirServerProcess.StartAsync();
        using var state = new TempFolder();
        var stateSettings = provider == StateProvider.Postgres
            ? new Dictionary<string, string?> { ["State:Provider"] = "Postgres", ["State:ConnectionString"] = await postgres.CreateDatabaseAsync("amend_retract") }
            : null;
        await using var host = await PipelineHost.StartAsync(server.BaseUrl, state.Path, stateSettings);
        await NightlyPipelineTests.PostPatientAsync(server, "pat-amend");
        await PutPhq9Async(server, "qr-first", "pat-amend", "2026-11-01T10:00:00Z", item9: 0);
        await PutPhq9Async(server, "qr-second", "pat-amend", "2026-11-20T10:00:00Z", item9: 0);
        await host.RunAsync("nightly-scoring");
        var scoreId = ResourceIds.For("score", "QuestionnaireResponse/qr-second", "total");
        var alertId = ResourceIds.For("alert", "safety|QuestionnaireResponse/qr-second");
        Assert.Equal(8m, Assert.Single(await WithIdentifierAsync(server, "Observation", CanonicalUrls.ScoreIdentifierSystem, scoreId))
            .GetProperty("valueQuantity").GetProperty("value").GetDecimal());

        // Amended: item 9 now "more than half the days" (2). The sweep alerts within minutes; the nightly job amends the score in place.
        await PutPhq9Async(server, "qr-second", "pat-amend", "2026-11-20T10:00:00Z", item9: 2, status: "amended");
        await host.RunAsync("safety-sweep");
        Assert.Equal("active", Status(Assert.Single(await WithIdentifierAsync(server, "Flag", CanonicalUrls.AlertIdentifierSystem, alertId))));
        await host.RunAsync("nightly-scoring");
        var amended = Assert.Single(await WithIdentifierAsync(server, "Observation", CanonicalUrls.ScoreIdentifierSystem, scoreId)); // the old value is gone
        Assert.Equal(("amended", 10m), (Status(amended), amended.GetProperty("valueQuantity").GetProperty("value").GetDecimal()));

        // Retracted: the response is entered-in-error. The sweep withdraws the alert; the nightly job the score and the summary.
        await PutPhq9Async(server, "qr-second", "pat-amend", "2026-11-20T10:00:00Z", item9: 2, status: "entered-in-error");
        await host.RunAsync("safety-sweep");
        Assert.Equal("entered-in-error", Status(Assert.Single(await WithIdentifierAsync(server, "Flag", CanonicalUrls.AlertIdentifierSystem, alertId))));
        await host.RunAsync("nightly-scoring");
        Assert.Equal("entered-in-error", Status(Assert.Single(await WithIdentifierAsync(server, "Observation", CanonicalUrls.ScoreIdentifierSystem, scoreId))));
        var trajectories = await EhrQuery.AllAsync(server, "Observation", $"subject=Patient/pat-amend&identifier={CanonicalUrls.TrajectoryIdentifierSystem}|");
        var current = trajectories.Where(t => Status(t) != "entered-in-error").ToList();
        Assert.Contains(trajectories, t => Status(t) == "entered-in-error"); // the one as of the retracted response
        var recomputed = Assert.Single(current); // recomputed without it: its latest score is the first response's
        Assert.DoesNotContain(recomputed.GetProperty("derivedFrom").EnumerateArray(), d => d.TryGetProperty("reference", out var r) && r.GetString()!.Contains(scoreId, StringComparison.Ordinal));

        // A third run: nothing changed, nothing written (the sweep's read-back of alert status may post a batch of searches).
        await server.ResetStatsAsync();
        await host.RunAsync("nightly-scoring");
        var nightly = await server.StatsAsync();
        Assert.Equal((0, 0), (nightly.Count(HttpMethod.Post), nightly.Count(HttpMethod.Put)));
        // The search takes whole seconds: the next whole second, after every earlier write, and waited for.
        var now = DateTimeOffset.UtcNow;
        var next = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(1);
        var since = next.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        await Task.Delay(next - now + TimeSpan.FromMilliseconds(200));
        await host.RunAsync("safety-sweep");
        foreach (var type in new[] { "Observation", "Flag", "Provenance" })
            Assert.Empty(await EhrQuery.AllAsync(server, type, $"_lastUpdated=gt{since}"));
    }

    [Fact]
    public async Task Nightly_WhenTheEhrRefusesObservationUpdateAndAScoredResponseIsAmended_ThenAReplacementObservationNamesTheOneItReplaces()
    {
        await using var server = await FhirServerProcess.StartAsync(FhirServerOptions.Default with { RefusedUpdateTypes = ["Observation"] });
        using var state = new TempFolder();
        await using var host = await PipelineHost.StartAsync(server.BaseUrl, state.Path);
        await NightlyPipelineTests.PostPatientAsync(server, "pat-refuse");
        await PutPhq9Async(server, "qr-refuse", "pat-refuse", "2026-11-20T10:00:00Z", item9: 0);
        Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));
        var scoreId = ResourceIds.For("score", "QuestionnaireResponse/qr-refuse", "total");
        var original = Assert.Single(await WithIdentifierAsync(server, "Observation", CanonicalUrls.ScoreIdentifierSystem, scoreId));
        var originalId = original.GetProperty("id").GetString();

        // Amended (item 9: 0 → 1, total 8 → 9). The EHR answers 405 to PUT Observation: the revision is a new resource.
        await PutPhq9Async(server, "qr-refuse", "pat-refuse", "2026-11-20T10:00:00Z", item9: 1, status: "amended");
        Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));

        var scores = await WithIdentifierAsync(server, "Observation", CanonicalUrls.ScoreIdentifierSystem, scoreId);
        Assert.Equal(2, scores.Count);
        var kept = scores.Single(o => o.GetProperty("id").GetString() == originalId);
        Assert.Equal(("final", 8m), (Status(kept), kept.GetProperty("valueQuantity").GetProperty("value").GetDecimal())); // not updated: refused
        var replacement = scores.Single(o => o.GetProperty("id").GetString() != originalId);
        Assert.Equal(("amended", 9m), (Status(replacement), replacement.GetProperty("valueQuantity").GetProperty("value").GetDecimal()));
        var replaces = replacement.GetProperty("extension").EnumerateArray().Single(e => e.GetProperty("url").GetString() == Replacements.Url);
        Assert.Equal($"Observation/{originalId}", replaces.GetProperty("valueReference").GetProperty("reference").GetString());
        Assert.Contains(replacement.GetProperty("derivedFrom").EnumerateArray(), d => d.GetProperty("reference").GetString() == $"Observation/{originalId}");

        // A third run: the ledger knows the replacement is current, so nothing is replaced again.
        await host.RunAsync("nightly-scoring");
        Assert.Equal(2, (await WithIdentifierAsync(server, "Observation", CanonicalUrls.ScoreIdentifierSystem, scoreId)).Count);
    }

    [Fact]
    public async Task Sweep_WhenItem9IsAmendedAwayThenBack_ThenTheAlertIsResolvedThenActiveAgain()
    {
        await using var server = await FhirServerProcess.StartAsync();
        using var state = new TempFolder();
        await using var host = await PipelineHost.StartAsync(server.BaseUrl, state.Path);
        await NightlyPipelineTests.PostPatientAsync(server, "pat-again");
        var alertId = ResourceIds.For("alert", "safety|QuestionnaireResponse/qr-again");
        async Task<string> FlagStatusAfterSweepAsync(int item9, string status)
        {
            await PutPhq9Async(server, "qr-again", "pat-again", "2026-11-20T10:00:00Z", item9, status);
            await host.RunAsync("safety-sweep");
            return Status(Assert.Single(await WithIdentifierAsync(server, "Flag", CanonicalUrls.AlertIdentifierSystem, alertId)));
        }

        Assert.Equal("active", await FlagStatusAfterSweepAsync(item9: 2, "completed"));
        Assert.Equal("inactive", await FlagStatusAfterSweepAsync(item9: 0, "amended")); // resolved: "response amended"
        Assert.Equal("active", await FlagStatusAfterSweepAsync(item9: 3, "amended")); // the positive answer is back: never silenced
    }
}
