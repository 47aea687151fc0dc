using System.Net;
using System.Text.Json;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.FhirServer;
using AllianceFhir.Service.Alerts;
using AllianceFhir.Service.Ingest;
using AllianceFhir.State;
using AllianceFhir.Service.Tests.CdsHooks;
using AllianceFhir.Service.Tests.Nightly;
using AllianceFhir.Service.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AllianceFhir.Service.Tests.Alerts;

/// <summary>Escalation of unacknowledged safety alerts with an injected clock, writing to the real test FHIR server.</summary>
[Collection(PipelineCollection.Name)]
public sealed class AlertEscalatorTests
{
    private const string Recipient = "CareTeam/duty-team";

    [Fact]
    public async Task Run_WhenASafetyAlertIsNotAcknowledgedWithinTheWindow_ThenOneEscalationPerWindowVisibleInCardAppAndOperatorView()
    {
        await using var fhir = await FhirServerProcess.StartAsync();
        using var state = new TempFolder();
        await using var ehr = await CdsEhr.StartAsync();
        await using var host = await CdsHost.StartAsync(state.Combine("state.db"), ehr, fhir.BaseUrl, new Dictionary<string, string?>
        {
            ["Admin:User"] = "operator",
            ["Admin:Password"] = "correct horse battery staple",
        });
        const string patient = AlertLifecycleEndToEndTests.Patient;
        await NightlyPipelineTests.PostPatientAsync(fhir, patient);
        var qrId = await NightlyPipelineTests.PostPhq9Async(fhir, patient, item9: 3);
        Assert.Contains("1 safety alert", await host.RunAsync("safety-sweep"));
        var store = host.Services.GetRequiredService<PatientAlertStore>();
        var alert = (await store.GetAsync($"safety|QuestionnaireResponse/{qrId}", CancellationToken.None))!;
        var clock = new FakeTimeProvider(alert.RaisedAt);
        var escalator = new AlertEscalator(store, host.Services.GetRequiredService<WriteBackService>(),
            Options.Create(new AlertsOptions { EscalationWindow = TimeSpan.FromHours(4), EscalationRecipient = Recipient }), clock, NullLogger<AlertEscalator>.Instance);
        var endpoint = host.Services.GetRequiredService<IEhrEndpoint>();

        clock.Advance(TimeSpan.FromHours(4) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await escalator.RunAsync(endpoint, CancellationToken.None));
        Assert.Empty(await EscalationTasksAsync(fhir));

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await escalator.RunAsync(endpoint, CancellationToken.None));
        Assert.Equal(0, await escalator.RunAsync(endpoint, CancellationToken.None)); // the same window, run twice: still one
        var task = Assert.Single(await EscalationTasksAsync(fhir));
        Assert.Equal(Recipient, task.GetProperty("owner").GetProperty("reference").GetString());
        Assert.Equal($"Flag/{alert.EhrId}", task.GetProperty("focus").GetProperty("reference").GetString());
        Assert.Equal(("ready", "stat"), (task.GetProperty("status").GetString(), task.GetProperty("priority").GetString()));

        // Visible: on the CDS card, in the app's alert list, in the operator's view.
        var card = Assert.Single(await AlertLifecycleEndToEndTests.CardsAsync(host, ehr, patient));
        Assert.Contains($"**Escalated** at {clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC", card.GetProperty("detail").GetString());
        await using (var app = await AppAlerts.StartAsync(fhir.BaseUrl, patient))
        {
            var listed = Assert.Single(await app.ListAsync(patient));
            Assert.Equal($"Task/{task.GetProperty("id").GetString()}", listed.GetProperty("escalation").GetString());
            Assert.True(listed.TryGetProperty("escalatedAt", out var at) && at.ValueKind == JsonValueKind.String);
        }
        using var operatorView = new OperatorBrowser(host.Http.BaseAddress!.AbsoluteUri);
        Assert.Equal(HttpStatusCode.Redirect, (await operatorView.SignInAsync()).StatusCode);
        using var response = await operatorView.Http.GetAsync("api/alerts/escalations");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var escalation = Assert.Single(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray());
        Assert.Equal((patient, 1, $"Task/{task.GetProperty("id").GetString()}"),
            (escalation.GetProperty("patient").GetString()!["Patient/".Length..], escalation.GetProperty("escalations").GetInt32(), escalation.GetProperty("escalation").GetString()));
        using (var anonymous = await host.Http.GetAsync("api/alerts/escalations"))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        // Still nobody after a second window: a second escalation; once acknowledged, none after.
        clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal(1, await escalator.RunAsync(endpoint, CancellationToken.None));
        Assert.Equal(2, (await EscalationTasksAsync(fhir)).Count);
        await store.TransitionAsync(alert.Key, new AlertStep(AlertState.Acknowledged, "Practitioner/prac-01", clock.GetUtcNow(), "test"), "ehr", CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(8));
        Assert.Equal(0, await escalator.RunAsync(endpoint, CancellationToken.None));
        Assert.Equal(2, (await EscalationTasksAsync(fhir)).Count);
        Assert.Equal(2, (await store.EventsAsync(alert.Key, CancellationToken.None)).Count(e => e.Event == "escalated"));
    }

    private static async Task<List<JsonElement>> EscalationTasksAsync(FhirServerProcess fhir) =>
        (await EhrQuery.AllAsync(fhir, "Task")).Where(t => t.GetProperty("code").GetProperty("coding").EnumerateArray()
            .Any(c => c.GetProperty("system").GetString() == CanonicalUrls.ProjectCodeSystem && c.GetProperty("code").GetString() == AlertReasons.EscalationCode)).ToList();
}
