using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AllianceFhir.Core.Alerts.Lifecycle;
using AllianceFhir.CdsHooks;
using AllianceFhir.FhirServer;
using AllianceFhir.State;
using AllianceFhir.Service.Tests.CdsHooks;
using AllianceFhir.Service.Tests.Nightly;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace AllianceFhir.Service.Tests.Alerts;

/// <summary>
/// One alert lifecycle across the EHR, the app and CDS Hooks, with real parts: the Node FHIR server, the SMART app's
/// own alert endpoints, the service's safety sweep and its CDS patient-view service, on SQLite and PostgreSQL.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class AlertLifecycleEndToEndTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    internal const string Patient = "pat-lifecycle";

    internal static string Request(string patientId, JsonNode? responses = null) => new JsonObject
    {
        ["hookInstance"] = Guid.NewGuid().ToString(),
        ["hook"] = "patient-view",
        ["context"] = new JsonObject { ["userId"] = "Practitioner/example", ["patientId"] = patientId },
        ["prefetch"] = new JsonObject { [PatientViewService.ResponsesKey] = responses },
    }.ToJsonString();

    internal static async Task<List<JsonElement>> CardsAsync(CdsHost host, CdsEhr ehr, string patientId, JsonNode? responses = null)
    {
        var response = await host.PostAsync($"cds-services/{PatientViewService.ServiceId}", Request(patientId, responses), ehr.Token(host.ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("cards").EnumerateArray().Select(c => c.Clone()).ToList();
    }

    internal async Task<Dictionary<string, string?>> StateSettingsAsync(StateProvider provider, string name) => provider == StateProvider.Postgres
        ? new() { ["State:Provider"] = "Postgres", ["State:ConnectionString"] = await postgres.CreateDatabaseAsync(name) }
        : [];

    [Theory]
    [InlineData(StateProvider.Sqlite)]
    [InlineData(StateProvider.Postgres)]
    public async Task Acknowledge_WhenTheAppAcknowledgesThenResolvesAndTheSweepRuns_ThenTheStoreAndTheCdsCardFollowWithWhoAndWhen(StateProvider provider)
    {
        await using var fhir = await FhirServerProcess.StartAsync();
        using var state = new TempFolder();
        await using var ehr = await CdsEhr.StartAsync();
        await using var host = await CdsHost.StartAsync(state.Combine("state.db"), ehr, fhir.BaseUrl,
            await StateSettingsAsync(provider, $"lifecycle_ack_{provider}".ToLowerInvariant()));
        await NightlyPipelineTests.PostPatientAsync(fhir, Patient);
        var qrId = await NightlyPipelineTests.PostPhq9Async(fhir, Patient, item9: 2);
        Assert.Contains("1 safety alert", await host.RunAsync("safety-sweep"));
        var key = $"safety|QuestionnaireResponse/{qrId}";
        var store = host.Services.GetRequiredService<PatientAlertStore>();
        var flagId = Assert.Single(await EhrQuery.AllAsync(fhir, "Flag")).GetProperty("id").GetString()!;
        var card = Assert.Single(await CardsAsync(host, ehr, Patient));
        Assert.Equal("critical", card.GetProperty("indicator").GetString());
        Assert.DoesNotContain("Acknowledged", card.GetProperty("detail").GetString());

        // The clinician acknowledges in the app (a Provenance in the EHR); the next sweep reads it back.
        await using var app = await AppAlerts.StartAsync(fhir.BaseUrl, Patient);
        var acknowledged = await app.ActAsync(Patient, $"Flag/{flagId}", "acknowledge");
        Assert.Equal("acknowledged", acknowledged.GetProperty("state").GetString());
        await host.RunAsync("safety-sweep");

        var stored = (await store.GetAsync(key, CancellationToken.None))!;
        Assert.Equal(acknowledged.GetProperty("state").GetString(), AlertTransitions.Code(stored.State));
        Assert.Equal(AppAlerts.Clinician, stored.AcknowledgedBy);
        Assert.Equal(acknowledged.GetProperty("at").GetDateTimeOffset(), stored.AcknowledgedAt!.Value, TimeSpan.FromSeconds(1));
        card = Assert.Single(await CardsAsync(host, ehr, Patient));
        Assert.Equal("critical", card.GetProperty("indicator").GetString());
        Assert.Contains($"Acknowledged by {AppAlerts.Clinician} at {stored.AcknowledgedAt:yyyy-MM-dd HH:mm} UTC", card.GetProperty("detail").GetString());

        // CDS feedback lands in the same alert's trail, the override with its reason code.
        var feedback = new JsonObject
        {
            ["feedback"] = new JsonArray(new JsonObject
            {
                ["card"] = card.GetProperty("uuid").GetString(),
                ["outcome"] = "overridden",
                ["outcomeTimestamp"] = "2026-11-22T10:15:00Z",
                ["overrideReason"] = new JsonObject
                {
                    ["reason"] = new JsonObject { ["code"] = "already-discussed", ["system"] = CardBuilder.OverrideReasonSystem },
                    ["userComment"] = "free text",
                },
            }),
        }.ToJsonString();
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync($"cds-services/{PatientViewService.ServiceId}/feedback", feedback, ehr.Token(host.ServiceUrl + "/feedback"))).StatusCode);

        // Resolved in the app: after the sweep the card is gone, even when the EHR prefetches the response again.
        var resolved = await app.ActAsync(Patient, $"Flag/{flagId}", "resolve");
        Assert.Equal("resolved", resolved.GetProperty("state").GetString());
        await host.RunAsync("safety-sweep");

        stored = (await store.GetAsync(key, CancellationToken.None))!;
        Assert.Equal((AlertState.Resolved, AppAlerts.Clinician), (stored.State, stored.ResolvedBy));
        Assert.Empty(await CardsAsync(host, ehr, Patient));
        Assert.Empty(await CardsAsync(host, ehr, Patient, await ResponsesBundleAsync(fhir, qrId)));
        Assert.Empty(await app.ListAsync(Patient));
        var events = await store.EventsAsync(key, CancellationToken.None);
        Assert.Equal(["raised", "acknowledged", "feedback-overridden", "resolved"], events.Select(e => e.Event));
        Assert.Equal($"{CardBuilder.OverrideReasonSystem}|already-discussed", events[2].Code);
        Assert.Equal(["service", "ehr", "cds", "ehr"], events.Select(e => e.Source));
    }

    [Fact]
    public async Task RetractRaisedFrom_WhenTheResponseWasEnteredInError_ThenItsAlertIsEnteredInErrorInStoreAndEhrAndNoCardEvenPrefetched()
    {
        await using var fhir = await FhirServerProcess.StartAsync();
        using var state = new TempFolder();
        await using var ehr = await CdsEhr.StartAsync();
        await using var host = await CdsHost.StartAsync(state.Combine("state.db"), ehr, fhir.BaseUrl);
        await NightlyPipelineTests.PostPatientAsync(fhir, Patient);
        var qrId = await NightlyPipelineTests.PostPhq9Async(fhir, Patient, item9: 2);
        Assert.Contains("1 safety alert", await host.RunAsync("safety-sweep"));
        var lifecycle = host.Services.GetRequiredService<AllianceFhir.Service.Alerts.AlertLifecycle>();
        var endpoint = host.Services.GetRequiredService<AllianceFhir.Service.Ingest.IEhrEndpoint>();

        await lifecycle.RetractRaisedFromAsync(endpoint, $"QuestionnaireResponse/{qrId}", "response entered in error", CancellationToken.None);
        await lifecycle.RetractRaisedFromAsync(endpoint, $"QuestionnaireResponse/{qrId}", "response entered in error", CancellationToken.None);

        var stored = (await host.Services.GetRequiredService<PatientAlertStore>().GetAsync($"safety|QuestionnaireResponse/{qrId}", CancellationToken.None))!;
        Assert.Equal((AlertState.EnteredInError, "response entered in error"), (stored.State, stored.EnteredInErrorWhy));
        var flag = Assert.Single(await EhrQuery.AllAsync(fhir, "Flag"));
        Assert.Equal((stored.EhrId, "entered-in-error"), (flag.GetProperty("id").GetString(), flag.GetProperty("status").GetString()));
        Assert.Empty(await CardsAsync(host, ehr, Patient, await ResponsesBundleAsync(fhir, qrId)));
        Assert.Single(await host.Services.GetRequiredService<PatientAlertStore>().EventsAsync(stored.Key, CancellationToken.None), e => e.Event == "entered-in-error");
    }

    [Fact]
    public async Task PatientView_WhenAPrefetchedPositiveItem9IsNotYetSwept_ThenItIsACardWithoutExpiry()
    {
        await using var fhir = await FhirServerProcess.StartAsync();
        using var state = new TempFolder();
        await using var ehr = await CdsEhr.StartAsync();
        await using var host = await CdsHost.StartAsync(state.Combine("state.db"), ehr, fhir.BaseUrl);
        await NightlyPipelineTests.PostPatientAsync(fhir, Patient);
        var qrId = await NightlyPipelineTests.PostPhq9Async(fhir, Patient, item9: 1);

        var card = Assert.Single(await CardsAsync(host, ehr, Patient, await ResponsesBundleAsync(fhir, qrId)));

        Assert.Equal("critical", card.GetProperty("indicator").GetString());
    }

    internal static async Task<JsonNode> ResponsesBundleAsync(FhirServerProcess fhir, string qrId)
    {
        using var http = fhir.CreateHttpClient();
        var qr = JsonNode.Parse(await http.GetStringAsync($"QuestionnaireResponse/{qrId}"))!;
        return new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset", ["entry"] = new JsonArray(new JsonObject { ["resource"] = qr }) };
    }
}
