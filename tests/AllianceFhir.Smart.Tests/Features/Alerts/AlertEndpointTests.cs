using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Samples.Sessions;
using AllianceFhir.Smart.Features;
using AllianceFhir.Smart.Tests.Support;
using AllianceFhir.Testing.FhirServer;

namespace AllianceFhir.Smart.Tests.Features.Alerts;

/// <summary>Alerts in the real test FHIR server: listing whichever channel holds them, acknowledging and resolving with who and when.</summary>
public sealed class AlertEndpointTests(FhirServerFixture fhir) : IClassFixture<FhirServerFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    private async Task<(FeatureHost Host, TestSmartSession Session)> StartAsync(string patientId, IReadOnlySet<string>? scopes = null)
    {
        await SessionHistory.LoadAsync(fhir.Client, SessionHistory.Build(patientId, 0));
        var session = new TestSmartSession(fhir.BaseUrl, patientId, scopes);
        return (await FeatureHost.StartAsync(session), session);
    }

    private static async Task<JsonElement> PostAsync(FeatureHost host, string url, HttpStatusCode expected = HttpStatusCode.OK, object? json = null)
    {
        using var content = json is null ? null : JsonContent.Create(json);
        using var response = await host.Client.PostAsync(url, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Alerts_WhenOurFlagsAndAForeignFlag_ThenOnlyOursSafetyFirstWithCheckInWording()
    {
        var (host, session) = await StartAsync("alerts-list");
        await using var _ = host;
        using var __ = session;
        await AlertSeeder.CreateAsync(fhir.Client, AlertSeeder.Intent("alerts-list", AlertKind.AllianceRupture, "r1"), AlertChannel.Flag);
        await AlertSeeder.CreateAsync(fhir.Client, AlertSeeder.Intent("alerts-list", AlertKind.Safety, "s1"), AlertChannel.Flag);
        using (var foreign = new StringContent("""{"resourceType":"Flag","status":"active","code":{"text":"Allergy to penicillin"},"subject":{"reference":"Patient/alerts-list"}}""", Encoding.UTF8, "application/fhir+json"))
            (await fhir.Client.PostAsync("Flag", foreign)).EnsureSuccessStatusCode();

        var alerts = JsonDocument.Parse(await host.Client.GetStringAsync("api/patients/alerts-list/alerts")).RootElement.EnumerateArray().ToList();

        Assert.Equal(2, alerts.Count);
        Assert.Equal(("Flag", "safety-self-harm"), (alerts[0].GetProperty("type").GetString(), alerts[0].GetProperty("kind").GetString()));
        Assert.Equal(("Flag", "alliance-rupture"), (alerts[1].GetProperty("type").GetString(), alerts[1].GetProperty("kind").GetString()));
        Assert.Contains("consider checking in with the client", alerts[1].GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Acknowledge_WhenTask_ThenInProgressWithProvenanceNamingUserAndTime()
    {
        var (host, session) = await StartAsync("alerts-ack");
        await using var _ = host;
        using var __ = session;
        var id = await AlertSeeder.CreateAsync(fhir.Client, AlertSeeder.Intent("alerts-ack", AlertKind.AllianceRupture, "r2"), AlertChannel.Task);

        var result = await PostAsync(host, $"api/patients/alerts-ack/alerts/Task/{id}/acknowledge");

        Assert.Equal("Provenance", result.GetProperty("recordedAs").GetString());
        var task = await AlertSeeder.ReadAsync(fhir.Client, $"Task/{id}");
        Assert.Equal("in-progress", task.GetProperty("status").GetString());
        Assert.Equal("Practitioner/prac-01", task.GetProperty("owner").GetProperty("reference").GetString());
        var provenance = Assert.Single(await fhir.Server.SearchAllAsync($"Provenance?target=Task/{id}"));
        Assert.Equal("Practitioner/prac-01", provenance.GetProperty("agent")[0].GetProperty("who").GetProperty("reference").GetString());
        Assert.StartsWith("2026-11-20T10:00:00", provenance.GetProperty("recorded").GetString());
        Assert.Equal("Alert acknowledged", provenance.GetProperty("activity").GetProperty("text").GetString());
        var after = result.GetProperty("alert");
        Assert.True(after.GetProperty("acknowledged").GetBoolean());
        Assert.Equal("Practitioner/prac-01", after.GetProperty("acknowledgedBy").GetString());
    }

    [Fact]
    public async Task Resolve_WhenFlag_ThenInactiveWithPeriodEndAndGoneFromActiveAlerts()
    {
        var (host, session) = await StartAsync("alerts-resolve");
        await using var _ = host;
        using var __ = session;
        var id = await AlertSeeder.CreateAsync(fhir.Client, AlertSeeder.Intent("alerts-resolve", AlertKind.Safety, "s2"), AlertChannel.Flag);

        await PostAsync(host, $"api/patients/alerts-resolve/alerts/Flag/{id}/resolve", json: new { reason = "Reviewed today", confirmed = true });

        var flag = await AlertSeeder.ReadAsync(fhir.Client, $"Flag/{id}");
        Assert.Equal("inactive", flag.GetProperty("status").GetString());
        Assert.StartsWith("2026-11-20T10:00:00", flag.GetProperty("period").GetProperty("end").GetString());
        Assert.Empty(JsonDocument.Parse(await host.Client.GetStringAsync("api/patients/alerts-resolve/alerts")).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Resolve_WhenNoReasonOrSafetyNotConfirmed_Then400AndUnchanged()
    {
        var (host, session) = await StartAsync("alerts-noreason");
        await using var _ = host;
        using var __ = session;
        var id = await AlertSeeder.CreateAsync(fhir.Client, AlertSeeder.Intent("alerts-noreason", AlertKind.Safety, "s3"), AlertChannel.Flag);
        var url = $"api/patients/alerts-noreason/alerts/Flag/{id}/resolve";

        var none = await PostAsync(host, url, HttpStatusCode.BadRequest);
        var blank = await PostAsync(host, url, HttpStatusCode.BadRequest, new { reason = "  ", confirmed = true });
        var unconfirmed = await PostAsync(host, url, HttpStatusCode.BadRequest, new { reason = "Reviewed today", confirmed = false });

        Assert.Equal("A reason is needed", none.GetProperty("title").GetString());
        Assert.Equal("A reason is needed", blank.GetProperty("title").GetString());
        Assert.Equal("Confirmation needed", unconfirmed.GetProperty("title").GetString());
        Assert.Equal("active", (await AlertSeeder.ReadAsync(fhir.Client, $"Flag/{id}")).GetProperty("status").GetString());
        Assert.Empty(await fhir.Server.SearchAllAsync($"Provenance?target=Flag/{id}"));
    }

    [Fact]
    public async Task History_WhenFlagAcknowledgedThenResolved_ThenListedWithNamesTimesAndReason()
    {
        var (host, session) = await StartAsync("alerts-history");
        await using var _ = host;
        using var __ = session;
        using (var practitioner = new StringContent("""{"resourceType":"Practitioner","id":"prac-01","name":[{"family":"Okafor","given":["Amara"],"prefix":["Dr"]}]}""", Encoding.UTF8, "application/fhir+json"))
            (await fhir.Client.PutAsync("Practitioner/prac-01", practitioner)).EnsureSuccessStatusCode();
        var resolvedId = await AlertSeeder.CreateAsync(fhir.Client, AlertSeeder.Intent("alerts-history", AlertKind.AllianceRupture, "h1"), AlertChannel.Flag);
        var openId = await AlertSeeder.CreateAsync(fhir.Client, AlertSeeder.Intent("alerts-history", AlertKind.AllianceRupture, "h2"), AlertChannel.Flag);
        await PostAsync(host, $"api/patients/alerts-history/alerts/Flag/{resolvedId}/acknowledge");
        host.Time.Now = host.Time.Now.AddHours(2);
        await PostAsync(host, $"api/patients/alerts-history/alerts/Flag/{resolvedId}/resolve", json: new { reason = "Talked it through with the client" });

        var history = JsonDocument.Parse(await host.Client.GetStringAsync("api/patients/alerts-history/alerts/history")).RootElement.EnumerateArray().ToList();
        var active = JsonDocument.Parse(await host.Client.GetStringAsync("api/patients/alerts-history/alerts")).RootElement.EnumerateArray().ToList();

        Assert.Equal([openId], active.Select(a => a.GetProperty("id").GetString()));
        var resolved = history.Single(a => a.GetProperty("id").GetString() == resolvedId);
        Assert.Equal("resolved", resolved.GetProperty("state").GetString());
        Assert.Equal("Practitioner/prac-01", resolved.GetProperty("resolvedBy").GetString());
        Assert.Equal("Dr Amara Okafor", resolved.GetProperty("resolvedByName").GetString());
        Assert.Equal("Dr Amara Okafor", resolved.GetProperty("acknowledgedByName").GetString());
        Assert.Equal("Talked it through with the client", resolved.GetProperty("resolutionReason").GetString());
        Assert.StartsWith("2026-11-20T12:00:00", resolved.GetProperty("resolvedAt").GetString());
        Assert.StartsWith("2026-11-20T10:00:00", resolved.GetProperty("acknowledgedAt").GetString());
        Assert.Equal("raised", history.Single(a => a.GetProperty("id").GetString() == openId).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Acknowledge_WhenAlertBelongsToAnotherPatient_Then404AndUnchanged()
    {
        var (host, session) = await StartAsync("alerts-mine");
        await using var _ = host;
        using var __ = session;
        await SessionHistory.LoadAsync(fhir.Client, SessionHistory.Build("alerts-other", 0));
        var id = await AlertSeeder.CreateAsync(fhir.Client, AlertSeeder.Intent("alerts-other", AlertKind.AllianceRupture, "r3"), AlertChannel.Task);

        await PostAsync(host, $"api/patients/alerts-mine/alerts/Task/{id}/acknowledge", HttpStatusCode.NotFound);

        Assert.Equal("ready", (await AlertSeeder.ReadAsync(fhir.Client, $"Task/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Features_WhenUpdateAndObservationScopesWithheld_Then403WithPlainNote()
    {
        var scopes = TestSmartSession.AllScopes.Where(s => !s.EndsWith(".u", StringComparison.Ordinal) && s != "patient/Observation.rs").ToHashSet();
        var (host, session) = await StartAsync("alerts-noscope", scopes);
        await using var _ = host;
        using var __ = session;
        var id = await AlertSeeder.CreateAsync(fhir.Client, AlertSeeder.Intent("alerts-noscope", AlertKind.AllianceRupture, "r4"), AlertChannel.Task);

        var refused = await PostAsync(host, $"api/patients/alerts-noscope/alerts/Task/{id}/acknowledge", HttpStatusCode.Forbidden);
        Assert.Equal(FeatureAccess.Notes[SmartScopes.AcknowledgeAlerts], refused.GetProperty("detail").GetString());
        using var dashboard = await host.Client.GetAsync("api/patients/alerts-noscope/dashboard");
        Assert.Equal(HttpStatusCode.Forbidden, dashboard.StatusCode);
        Assert.Equal("ready", (await AlertSeeder.ReadAsync(fhir.Client, $"Task/{id}")).GetProperty("status").GetString());
        // Reading alerts needs only the read scopes, which were granted (this EHR's channel is Flag: none here).
        Assert.Empty(JsonDocument.Parse(await host.Client.GetStringAsync("api/patients/alerts-noscope/alerts")).RootElement.EnumerateArray());
    }
}
