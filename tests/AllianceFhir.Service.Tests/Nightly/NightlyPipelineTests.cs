using System.Net.Http.Json;
using System.Text;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Resources;
using AllianceFhir.FhirServer;
using AllianceFhir.State;
using AllianceFhir.Service.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AllianceFhir.Service.Tests.Nightly;

/// <summary>The nightly pipeline against the real test FHIR server (Medplum, validating every write), SQLite state.</summary>
[Collection(PipelineCollection.Name)]
public sealed partial class NightlyPipelineTests
{
    private static FhirServerOptions Cohort(FhirServerOptions? options = null) =>
        (options ?? FhirServerOptions.Default) with { LoadFolder = RepositoryPaths.BundledCohort };

    private static Task<Dictionary<string, int>> OursBySystemAsync(FhirServerProcess server, string type = "Observation") =>
        NightlyPipelineTestsAccess.OursBySystemAsync(server, type);
}

/// <summary>Counts of our resources in the EHR per identifier system, asserting none is there twice.</summary>
internal static class NightlyPipelineTestsAccess
{
    public static async Task<Dictionary<string, int>> OursBySystemAsync(FhirServerProcess server, string type = "Observation")
    {
        var all = await EhrQuery.AllAsync(server, type);
        var systems = new[] { CanonicalUrls.ScoreIdentifierSystem, CanonicalUrls.TrajectoryIdentifierSystem, CanonicalUrls.AlertIdentifierSystem };
        var ours = all.Select(r => systems.Select(s => (System: s, Value: EhrQuery.Identifier(r, s))).FirstOrDefault(x => x.Value is not null))
            .Where(x => x.Value is not null).ToList();
        Assert.Equal(ours.Count, ours.Select(x => x.Value).Distinct().Count()); // nothing written twice
        return ours.GroupBy(x => x.System).ToDictionary(g => g.Key, g => g.Count());
    }
}

public sealed partial class NightlyPipelineTests
{

    [Fact]
    public async Task NightlyScoring_WhenRunTwiceThenGivenANewResponse_ThenEverythingOnceAndOnlyTheNewResponseScored()
    {
        await using var server = await FhirServerProcess.StartAsync(Cohort());
        using var state = new TempFolder();
        await using var host = await PipelineHost.StartAsync(server.BaseUrl, state.Path);

        var first = await host.RunAsync("nightly-scoring");
        Assert.DoesNotContain("failed", first);
        var afterFirst = await OursBySystemAsync(server);
        Assert.Equal(ExpectedOutput.ObservationsBySystem, afterFirst);
        Assert.Equal(ExpectedOutput.Alerts, (await EhrQuery.AllAsync(server, "Flag")).Count);

        await host.RunAsync("nightly-scoring");
        Assert.Equal(afterFirst, await OursBySystemAsync(server));

        // A new PHQ-9 for one patient: only it is scored (one new score, one new trajectory summary for that patient).
        var qrId = await PostPhq9Async(server, "pat-0002", item9: 0);
        await server.ResetStatsAsync();
        await host.RunAsync("nightly-scoring");
        var afterThird = await OursBySystemAsync(server);
        Assert.Equal(afterFirst[CanonicalUrls.ScoreIdentifierSystem] + 1, afterThird[CanonicalUrls.ScoreIdentifierSystem]);
        var scores = await EhrQuery.AllAsync(server, "Observation", $"derived-from=QuestionnaireResponse/{qrId}");
        Assert.Single(scores);
        Assert.True((await server.StatsAsync()).Requests < 30, "an incremental run over one new response should take a handful of requests");
    }

    [Fact]
    public async Task SafetySweep_WhenItem9Positive_ThenOneSafetyFlagAtOnceAndNightlyDoesNotDuplicateIt()
    {
        await using var server = await FhirServerProcess.StartAsync();
        using var state = new TempFolder();
        await using var host = await PipelineHost.StartAsync(server.BaseUrl, state.Path);
        await PostPatientAsync(server, "pat-safety");
        var qrId = await PostPhq9Async(server, "pat-safety", item9: 2);

        var sweep = await host.RunAsync("safety-sweep");
        Assert.Contains("1 safety alert", sweep);
        var expected = ResourceIds.For("alert", $"safety|QuestionnaireResponse/{qrId}");
        var flags = await EhrQuery.AllAsync(server, "Flag");
        var flag = Assert.Single(flags);
        Assert.Equal(expected, EhrQuery.Identifier(flag, CanonicalUrls.AlertIdentifierSystem));
        Assert.Equal("safety-self-harm", EhrQuery.Code(flag));
        Assert.Equal("Patient/pat-safety", flag.GetProperty("subject").GetProperty("reference").GetString());

        await host.RunAsync("nightly-scoring");
        Assert.Single(await EhrQuery.AllAsync(server, "Flag"));
    }

    [Fact]
    public async Task NightlyScoring_WhenEhrHasNoConditionalCreate_ThenLedgerPathWritesNothingTwice()
    {
        await using var server = await FhirServerProcess.StartAsync(Cohort(FhirServerOptions.Default with { ConditionalCreate = false }));
        using var state = new TempFolder();
        await using (var host = await PipelineHost.StartAsync(server.BaseUrl, state.Path))
            Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));
        var afterFirst = await OursBySystemAsync(server);
        Assert.Equal(ExpectedOutput.ObservationsBySystem, afterFirst);

        // A second run with a fresh ledger: only the search by identifier stands between us and duplicates.
        using var freshState = new TempFolder();
        await using (var host = await PipelineHost.StartAsync(server.BaseUrl, freshState.Path))
            Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));
        Assert.Equal(afterFirst, await OursBySystemAsync(server));
    }

    [Fact]
    public async Task NightlyScoring_WhenEhrRefusesFlag_ThenAlertsGoToTheFallbackChannel()
    {
        await using var server = await FhirServerProcess.StartAsync(Cohort(FhirServerOptions.Default with { RefusedTypes = ["Flag"] }));
        using var state = new TempFolder();
        await using var host = await PipelineHost.StartAsync(server.BaseUrl, state.Path);

        Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));

        var tasks = await EhrQuery.AllAsync(server, "Task");
        Assert.Equal(ExpectedOutput.Alerts, tasks.Count);
        Assert.All(tasks, t => Assert.NotNull(EhrQuery.Identifier(t, CanonicalUrls.AlertIdentifierSystem)));
    }

    [Fact]
    public async Task NightlyScoring_WhenEhrAnswers503ForAWhile_ThenRetriesAndQuarantinesBadInputWithReasons()
    {
        await using var server = await FhirServerProcess.StartAsync(Cohort(FhirServerOptions.Default with { InjectCount = 3, InjectStatus = 503, RetryAfterSeconds = 1 }));
        using var state = new TempFolder();
        await using var host = await PipelineHost.StartAsync(server.BaseUrl, state.Path);

        Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));

        Assert.Equal(ExpectedOutput.ObservationsBySystem, await OursBySystemAsync(server));
        var quarantined = await host.Services.GetRequiredService<QuarantineStore>().ListAsync(100, CancellationToken.None);
        Assert.Contains(quarantined, q => q.Reason.Contains("unknown-item"));
        Assert.Contains(quarantined, q => q.Reason.Contains("status"));
        Assert.All(quarantined, q => Assert.DoesNotContain("pat-", q.Reason)); // reasons name codes and linkIds, not patients
    }

    internal static async Task PostPatientAsync(FhirServerProcess server, string id)
    {
        using var http = server.CreateHttpClient();
        var response = await http.PutAsync($"Patient/{id}", new StringContent($$"""{"resourceType":"Patient","id":"{{id}}","birthDate":"2005-03-01"}""", Encoding.UTF8, "application/fhir+json"));
        response.EnsureSuccessStatusCode();
    }

    internal static async Task<string> PostPhq9Async(FhirServerProcess server, string patient, int item9)
    {
        string[] la = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"];
        var items = string.Join(",", Enumerable.Range(1, 9).Select(i =>
            "{\"linkId\":\"" + i + "\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"" + la[i == 9 ? item9 : 1] + "\"}}]}"));
        var json = $$"""
            {"resourceType":"QuestionnaireResponse","status":"completed","questionnaire":"https://alliancefhir.org/fhir/Questionnaire/phq-9",
             "subject":{"reference":"Patient/{{patient}}"},"authored":"2026-11-20T10:00:00Z","item":[{{items}}]}
            """;
        using var http = server.CreateHttpClient();
        var response = await http.PostAsync("QuestionnaireResponse", new StringContent(json, Encoding.UTF8, "application/fhir+json"));
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return created.GetProperty("id").GetString()!;
    }
}
