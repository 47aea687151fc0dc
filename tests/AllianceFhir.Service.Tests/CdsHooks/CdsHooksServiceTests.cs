using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;
using AllianceFhir.CdsHooks;
using AllianceFhir.FhirServer;
using AllianceFhir.State;
using AllianceFhir.Service.Tests.Nightly;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.Testing.FhirServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Service.Tests.CdsHooks;

/// <summary>The CDS Hooks 2.0 service over HTTP on a real Kestrel host, called as an EHR would, with signed JWTs.</summary>
[Collection(PipelineCollection.Name)]
public sealed class CdsHooksServiceTests(FhirServerFixture fhir) : IAsyncLifetime, IClassFixture<FhirServerFixture>
{
    private readonly TempFolder _state = new();
    private readonly FhirServerProcess _fhir = fhir.Server;
    private CdsEhr _ehr = null!;
    private CdsHost _host = null!;

    public async Task InitializeAsync()
    {
        _ehr = await CdsEhr.StartAsync();
        // A wide safety window: the fixtures' answers are dated, the clock is not.
        _host = await CdsHost.StartAsync(_state.Combine("state.db"), _ehr, _fhir.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _ehr.DisposeAsync();
        _state.Dispose();
    }

    private static string SpecFile(string name) => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "AllianceFhir.Service.Tests", "CdsHooks", "TestFiles", name));

    private string Call => $"cds-services/{PatientViewService.ServiceId}";

    private static string Request(string patientId, JsonNode? responses, bool withPrefetch = true)
    {
        var body = new JsonObject
        {
            ["hookInstance"] = Guid.NewGuid().ToString(),
            ["hook"] = "patient-view",
            ["context"] = new JsonObject { ["userId"] = "Practitioner/example", ["patientId"] = patientId },
        };
        if (withPrefetch) body["prefetch"] = new JsonObject { [PatientViewService.ResponsesKey] = responses };
        return body.ToJsonString();
    }

    private static JsonNode Bundle(params string[] responses) => JsonNode.Parse(
        $$"""{"resourceType":"Bundle","type":"searchset","entry":[{{string.Join(",", responses.Select(r => $"{{\"resource\":{r}}}"))}}]}""")!;

    private static string Phq9(string id, string patient, int item9, string authored = "2026-11-20T10:00:00Z")
    {
        string[] la = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"];
        var items = string.Join(",", Enumerable.Range(1, 9).Select(i =>
            "{\"linkId\":\"" + i + "\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"" + la[i == 9 ? item9 : 1] + "\"}}]}"));
        return $$"""
            {"resourceType":"QuestionnaireResponse","id":"{{id}}","status":"completed","questionnaire":"https://alliancefhir.org/fhir/Questionnaire/phq-9",
             "subject":{"reference":"Patient/{{patient}}"},"authored":"{{authored}}","item":[{{items}}]}
            """;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Discovery_WhenAnEhrAsks_ThenEachServiceHasTheMembersOfTheSpecificationsExample()
    {
        var response = await _host.GetAsync("cds-services", _ehr.Token($"{_host.BaseUrl}/cds-services"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var service = Assert.Single((await JsonAsync(response)).GetProperty("services").EnumerateArray());
        var example = JsonDocument.Parse(SpecFile("spec-discovery-response.json")).RootElement.GetProperty("services")[0];
        foreach (var member in example.EnumerateObject())
            Assert.Equal(member.Value.ValueKind, service.GetProperty(member.Name).ValueKind);
        Assert.Equal("patient-view", service.GetProperty("hook").GetString());
        Assert.Equal(PatientViewService.ServiceId, service.GetProperty("id").GetString());
        var template = service.GetProperty("prefetch").GetProperty(PatientViewService.ResponsesKey).GetString();
        Assert.StartsWith("QuestionnaireResponse?subject=Patient/{{context.patientId}}", template);
        Assert.Contains("QuestionnaireResponse", service.GetProperty("usageRequirements").GetString());
    }

    [Fact]
    public async Task PatientView_WhenTheSpecificationsExampleRequestComes_ThenResponsesAreReadFromItsFhirServerAndItem9IsCritical()
    {
        await NightlyPipelineTests.PostPatientAsync(_fhir, "1288992");
        await NightlyPipelineTests.PostPhq9Async(_fhir, "1288992", item9: 2);
        var example = JsonNode.Parse(SpecFile("spec-patient-view-request.json"))!;
        example["fhirServer"] = _fhir.BaseUrl; // the example's host is the public sandbox; the same body against our test EHR
        await _fhir.ResetStatsAsync();

        var response = await _host.PostAsync(Call, example.ToJsonString(), _ehr.Token(_host.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var card = Assert.Single((await JsonAsync(response)).GetProperty("cards").EnumerateArray());
        Assert.Equal("critical", card.GetProperty("indicator").GetString());
        Assert.Contains("item 9", card.GetProperty("summary").GetString());
        Assert.True((await _fhir.StatsAsync()).Requests >= 1, "the missing prefetch is read from the client's FHIR server");
    }

    [Fact]
    public async Task PatientView_WhenPrefetchHoldsAPositiveItem9_ThenACriticalCardWithSourceReasonsAndASmartLinkForThePatient()
    {
        var body = Request("pat-77", Bundle(Phq9("qr-1", "pat-77", item9: 1), Phq9("qr-2", "pat-77", item9: 0, "2026-11-10T10:00:00Z"), Phq9("qr-3", "someone-else", item9: 3)));

        var response = await _host.PostAsync(Call, body, _ehr.Token(_host.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var card = Assert.Single((await JsonAsync(response)).GetProperty("cards").EnumerateArray());
        Assert.True(Guid.TryParse(card.GetProperty("uuid").GetString(), out _));
        Assert.Equal(CardIds.For("safety|QuestionnaireResponse/qr-1"), card.GetProperty("uuid").GetString());
        var summary = card.GetProperty("summary").GetString()!;
        Assert.InRange(summary.Length, 10, 139);
        Assert.Equal("critical", card.GetProperty("indicator").GetString());
        var source = card.GetProperty("source");
        Assert.Equal("AllianceFhir", source.GetProperty("label").GetString());
        Assert.StartsWith("https://", source.GetProperty("url").GetString());
        Assert.Equal("safety-self-harm", source.GetProperty("topic").GetProperty("code").GetString());
        var detail = card.GetProperty("detail").GetString()!;
        Assert.Contains("with the client", detail);
        Assert.DoesNotContain("you failed", detail, StringComparison.OrdinalIgnoreCase);
        Assert.True(card.GetProperty("overrideReasons").GetArrayLength() >= 2);
        Assert.All(card.GetProperty("overrideReasons").EnumerateArray(), r => Assert.False(string.IsNullOrEmpty(r.GetProperty("code").GetString())));
        var link = Assert.Single(card.GetProperty("links").EnumerateArray());
        Assert.Equal("smart", link.GetProperty("type").GetString());
        Assert.Equal(CdsHost.LaunchUrl, link.GetProperty("url").GetString());
        var appContext = JsonDocument.Parse(link.GetProperty("appContext").GetString()!).RootElement;
        Assert.Equal("pat-77", appContext.GetProperty("patient").GetString());
    }

    [Fact]
    public async Task PatientView_WhenTheStoreHoldsAlerts_ThenActiveOnesAreCardsByUrgencyAndResolvedOnesAreNot()
    {
        var store = _host.Services.GetRequiredService<PatientAlertStore>();
        var at = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        AlertIntent Intent(AlertKind kind, string key, string summary) =>
            new(kind, key, "Patient/pat-9", kind == AlertKind.AllianceRupture ? "alliance-rupture" : "not-on-track", "x", AlertPriority.Routine, summary, "Consider checking in with the client.", at, []);
        await store.RecordAsync(
        [
            PatientAlert.From(Intent(AlertKind.NotOnTrack, "not-on-track|Patient/pat-9|phq-9|total|a", "PHQ-9 is 18 at session 6, expected about 11: consider reviewing the plan with the client."), "phq-9|total", at, "Flag/1"),
            PatientAlert.From(Intent(AlertKind.AllianceRupture, "rupture|Patient/pat-9|srs|total|a", "SRS fell from 38 to 30 at session 4: consider checking in with the client."), "srs|total", at, "Flag/2"),
            PatientAlert.From(Intent(AlertKind.AllianceRupture, "rupture|Patient/pat-9|srs|total|old", "SRS fell from 38 to 31 at session 2: consider checking in with the client."), "srs|total", at.AddDays(-30), "Flag/3"),
        ], CancellationToken.None);
        await store.TransitionAsync("rupture|Patient/pat-9|srs|total|old", new AlertStep(AlertState.Resolved, "AllianceFhir", at.AddDays(-20), "rupture repaired"), "service", CancellationToken.None);

        var response = await _host.PostAsync(Call, Request("pat-9", null), _ehr.Token(_host.ServiceUrl));

        var cards = (await JsonAsync(response)).GetProperty("cards").EnumerateArray().ToList();
        Assert.Equal(["warning", "info"], cards.Select(c => c.GetProperty("indicator").GetString()));
        Assert.StartsWith("SRS fell from 38 to 30", cards[0].GetProperty("summary").GetString());
        Assert.Equal(CardIds.For("rupture|Patient/pat-9|srs|total|a"), cards[0].GetProperty("uuid").GetString());
    }

    [Fact]
    public async Task PatientView_WhenPrefetchIsMissingAndNoFhirServerIsGiven_Then412NamingTheTemplate()
    {
        var response = await _host.PostAsync(Call, Request("pat-1", null, withPrefetch: false), _ehr.Token(_host.ServiceUrl));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        var error = await JsonAsync(response);
        Assert.Contains("prefetch.responses", error.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task PatientView_WhenFhirServerIsNotAllowListedForTheClient_Then400AndNothingIsFetched()
    {
        using var state = new TempFolder();
        await using var host = await CdsHost.StartAsync(state.Combine("state.db"), _ehr, _fhir.BaseUrl,
            new Dictionary<string, string?> { ["CdsHooks:Clients:0:FhirServers:0"] = "https://fhir.ehr.example.org/r4" });
        var body = JsonNode.Parse(Request("pat-1", null, withPrefetch: false))!;
        body["fhirServer"] = _fhir.BaseUrl;
        body["fhirAuthorization"] = new JsonObject { ["access_token"] = "t", ["token_type"] = "Bearer" };
        await _fhir.ResetStatsAsync();

        var response = await host.PostAsync(Call, body.ToJsonString(), _ehr.Token(host.ServiceUrl));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("allow-listed", (await JsonAsync(response)).GetProperty("error_description").GetString());
        Assert.Equal(0, (await _fhir.StatsAsync()).Requests);
    }

    [Theory]
    [InlineData("hook", null, "hook is required")]
    [InlineData("hook", "order-sign", "hook 'order-sign' is not served")]
    [InlineData("hookInstance", "not-a-uuid", "hookInstance")]
    [InlineData("patientId", null, "context.patientId is required")]
    [InlineData("patientId", "a b/../c", "context.patientId must be a FHIR id")]
    [InlineData("userId", null, "context.userId is required")]
    public async Task PatientView_WhenARequiredFieldIsMissingOrWrong_Then400NamingIt(string field, string? value, string expected)
    {
        var body = JsonNode.Parse(Request("pat-1", null))!;
        var target = field is "patientId" or "userId" ? body["context"]!.AsObject() : body.AsObject();
        if (value is null) target.Remove(field);
        else target[field] = value;

        var response = await _host.PostAsync(Call, body.ToJsonString(), _ehr.Token(_host.ServiceUrl));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await JsonAsync(response)).GetProperty("error_description").GetString());
    }

    [Theory]
    [InlineData("missing", "bearer JWT")]
    [InlineData("bad-signature", "signature")]
    [InlineData("wrong-aud", "aud")]
    [InlineData("expired", "expired")]
    [InlineData("unknown-issuer", "iss")]
    [InlineData("jku-elsewhere", "jku")]
    [InlineData("no-jti", "jti")]
    [InlineData("no-iat", "iat")]
    [InlineData("long-lived", "short-lived")]
    public async Task ServiceCall_WhenTheJwtFailsACheck_Then401WithAJsonReasonAndNoPatientData(string fault, string reason)
    {
        using var otherRsa = RSA.Create(3072);
        string? token = fault switch
        {
            "missing" => null,
            "bad-signature" => _ehr.Token(_host.ServiceUrl, d => d.SigningCredentials = new SigningCredentials(new RsaSecurityKey(otherRsa) { KeyId = _ehr.RsaKey.KeyId }, SecurityAlgorithms.RsaSha384)),
            "wrong-aud" => _ehr.Token("https://elsewhere.example.org/cds-services/" + PatientViewService.ServiceId),
            "expired" => _ehr.Token(_host.ServiceUrl, d => { d.IssuedAt = DateTime.UtcNow.AddMinutes(-10); d.Expires = DateTime.UtcNow.AddMinutes(-5); }),
            "unknown-issuer" => _ehr.Token(_host.ServiceUrl, d => d.Issuer = "https://unknown-ehr.example.org"),
            "jku-elsewhere" => _ehr.Token(_host.ServiceUrl, d => d.AdditionalHeaderClaims["jku"] = "https://attacker.example.org/jwks.json"),
            "no-jti" => _ehr.Token(_host.ServiceUrl, d => d.Claims.Remove("jti")),
            "no-iat" => _ehr.Token(_host.ServiceUrl, d => d.IssuedAt = null),
            "long-lived" => _ehr.Token(_host.ServiceUrl, d => d.Expires = DateTime.UtcNow.AddHours(2)),
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };

        var response = await _host.PostAsync(Call, Request("pat-secret-42", Bundle(Phq9("qr-9", "pat-secret-42", 3))), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var error = JsonDocument.Parse(text).RootElement;
        Assert.Equal("invalid_token", error.GetProperty("error").GetString());
        Assert.Contains(reason, error.GetProperty("error_description").GetString());
        Assert.DoesNotContain("pat-secret-42", text);
        Assert.Equal(0, _host.Services.GetRequiredService<PatientAlertStore>() is { } s ? (await s.AllAsync("Patient/pat-secret-42", CancellationToken.None)).Count : -1);
    }

    [Fact]
    public async Task ServiceCall_WhenTheSameJwtIsReplayed_ThenTheSecondCallIsRefused()
    {
        var token = _ehr.Token(_host.ServiceUrl);

        var first = await _host.PostAsync(Call, Request("pat-1", null), token);
        var second = await _host.PostAsync(Call, Request("pat-1", null), token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Contains("jti", (await JsonAsync(second)).GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task ServiceCall_WhenRs384AndEs384TokensComeFromTheAllowListedIssuer_ThenAcceptedAndTheJwksIsFetchedOnce()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(Call, Request("pat-1", null), _ehr.Token(_host.ServiceUrl))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(Call, Request("pat-1", null), _ehr.Token(_host.ServiceUrl, ecdsa: true))).StatusCode);
        }

        Assert.Equal(1, _ehr.JwksHits);
    }

    [Fact]
    public async Task Feedback_WhenACardIsOverriddenAndAnotherAccepted_ThenBothAreRecordedWithoutTheComment()
    {
        var overridden = CardIds.For("rupture|Patient/pat-1|srs|total|a");
        var accepted = CardIds.For("safety|QuestionnaireResponse/qr-1");
        var body = $$$"""
            {"feedback":[
              {"card":"{{{overridden}}}","outcome":"overridden","outcomeTimestamp":"2026-11-22T10:15:00Z",
               "overrideReason":{"reason":{"code":"already-discussed","system":"{{{CardBuilder.OverrideReasonSystem}}}","display":"Already discussed with the client"},"userComment":"Spoke with Jane on Tuesday"}},
              {"card":"{{{accepted}}}","outcome":"accepted","outcomeTimestamp":"2026-11-22T10:16:00Z"}
            ]}
            """;

        var response = await _host.PostAsync($"{Call}/feedback", body, _ehr.Token(_host.ServiceUrl + "/feedback"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var store = _host.Services.GetRequiredService<FeedbackStore>();
        var recorded = Assert.Single(await store.ForCardAsync(overridden, CancellationToken.None));
        Assert.Equal(("overridden", "already-discussed", CdsEhr.Issuer), (recorded.Outcome, recorded.OverrideCode, recorded.ClientIssuer));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 15, 0, TimeSpan.Zero), recorded.OutcomeTimestamp);
        Assert.Equal("accepted", Assert.Single(await store.ForCardAsync(accepted, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Feedback_WhenTheOutcomeIsUnknown_Then400NamingTheEntry()
    {
        var body = $$$"""{"feedback":[{"card":"{{{Guid.NewGuid()}}}","outcome":"maybe","outcomeTimestamp":"2026-11-22T10:15:00Z"}]}""";

        var response = await _host.PostAsync($"{Call}/feedback", body, _ehr.Token(_host.ServiceUrl + "/feedback"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("feedback[0].outcome", (await JsonAsync(response)).GetProperty("error_description").GetString());
    }

    [Theory]
    [InlineData(CdsHost.EhrOrigin, true)]
    [InlineData("https://not-an-ehr.example.org", false)]
    public async Task Cors_WhenABrowserPreflightsACall_ThenOnlyConfiguredEhrOriginsAreAllowed(string origin, bool allowed)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, Call);
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        var response = await _host.Http.SendAsync(preflight);

        Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);
    }
}
