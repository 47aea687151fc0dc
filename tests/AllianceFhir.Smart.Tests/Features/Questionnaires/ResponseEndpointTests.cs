using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AllianceFhir.Samples.Sessions;
using AllianceFhir.Smart.Tests.Support;
using AllianceFhir.Testing.FhirServer;

namespace AllianceFhir.Smart.Tests.Features.Questionnaires;

/// <summary>Submitting questionnaires through the app into the real test FHIR server (conditional create on).</summary>
[Collection(ResponseEndpointCollection.Name)]
public sealed class ResponseEndpointTests(ResponseEndpointFixture app) : IAsyncLifetime
{
    private const string PatientId = "submit-1";
    private readonly ResponseEndpointFixture _app = app;
    private readonly FhirServerFixture _fhir = app.Fhir;
    private FeatureHost? _host;

    public async Task InitializeAsync() => _host = await _app.HostForAsync(PatientId);

    public Task DisposeAsync() => Task.CompletedTask; // the collection's fixture stops the host

    private async Task<HttpResponseMessage> SubmitAsync(JsonObject response, string key, string instrument = "phq-9")
    {
        // What LHC-Forms sends: no subject, author, authored or status the app can trust.
        response.Remove("subject");
        response.Remove("authored");
        response["status"] = "in-progress";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/patients/{PatientId}/responses?instrument={instrument}")
        {
            Content = new StringContent(response.ToJsonString(), Encoding.UTF8, "application/fhir+json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await _host!.Client.SendAsync(request);
    }

    private async Task<List<JsonElement>> SearchAsync(string query) => await _fhir.Server.SearchAllAsync(query);

    [Fact]
    public async Task Submit_WhenItem9Positive_ThenResponseScoreAndSafetyAlertWrittenOnceEvenIfResubmitted()
    {
        var qr = SessionHistory.Response("phq-9", PatientId, 16, DateTimeOffset.UtcNow, safetyAnswer: 2);

        using var first = await SubmitAsync((JsonObject)qr.DeepClone(), "key-1");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.False(body.GetProperty("alreadySubmitted").GetBoolean());
        var total = body.GetProperty("scores").EnumerateArray().Single(s => s.GetProperty("scale").GetString() == "total");
        Assert.Equal(16m, total.GetProperty("value").GetDecimal());
        Assert.Equal("Moderately severe", total.GetProperty("band").GetString());
        var safety = body.GetProperty("safety");
        Assert.Contains("Assess risk today", safety.GetProperty("message").GetString());
        Assert.Contains("local safety protocol", safety.GetProperty("message").GetString());
        Assert.Equal("Flag", safety.GetProperty("alertType").GetString());

        using var again = await SubmitAsync((JsonObject)qr.DeepClone(), "key-1");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;
        Assert.True(second.GetProperty("alreadySubmitted").GetBoolean());
        Assert.Equal(body.GetProperty("responseId").GetString(), second.GetProperty("responseId").GetString());

        var responses = await SearchAsync($"QuestionnaireResponse?subject=Patient/{PatientId}");
        var saved = Assert.Single(responses);
        Assert.Equal("completed", saved.GetProperty("status").GetString());
        Assert.Equal("Practitioner/prac-01", saved.GetProperty("author").GetProperty("reference").GetString());
        Assert.StartsWith("2026-11-20T10:00:00", saved.GetProperty("authored").GetString());
        Assert.StartsWith("https://alliancefhir.org/fhir/Questionnaire/phq-9", saved.GetProperty("questionnaire").GetString());

        var scores = await SearchAsync($"Observation?subject=Patient/{PatientId}&code=http://loinc.org|44261-6");
        var score = Assert.Single(scores);
        Assert.Equal(16m, score.GetProperty("valueQuantity").GetProperty("value").GetDecimal());
        Assert.Equal($"QuestionnaireResponse/{saved.GetProperty("id").GetString()}", score.GetProperty("derivedFrom")[0].GetProperty("reference").GetString());

        var flags = await SearchAsync($"Flag?patient=Patient/{PatientId}");
        var flag = Assert.Single(flags);
        Assert.Equal("active", flag.GetProperty("status").GetString());
        Assert.Equal("safety-self-harm", flag.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Submit_WhenAnswerIsNotOnTheScale_ThenOperationOutcomeNamesTheItemAndNothingIsWritten()
    {
        var qr = SessionHistory.Response("gad-7", PatientId, 7, DateTimeOffset.UtcNow);
        qr["item"]![2]!["answer"]![0]!["valueCoding"] = new JsonObject { ["system"] = "http://loinc.org", ["code"] = "LA-NOT-A-CODE" };
        var before = (await SearchAsync($"QuestionnaireResponse?subject=Patient/{PatientId}")).Count;

        using var response = await SubmitAsync(qr, "bad-1", "gad-7");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        var issue = outcome.GetProperty("issue")[0];
        Assert.Equal("error", issue.GetProperty("severity").GetString());
        var linkId = qr["item"]![2]!["linkId"]!.GetValue<string>();
        Assert.Contains(issue.GetProperty("expression").EnumerateArray(), e => e.GetString()!.Contains($"item[2]", StringComparison.Ordinal) || e.GetString()!.Contains(linkId, StringComparison.Ordinal));
        Assert.Equal(before, (await SearchAsync($"QuestionnaireResponse?subject=Patient/{PatientId}")).Count);
    }

    [Fact]
    public async Task Submit_WhenBodyIsNotAQuestionnaireResponse_ThenOperationOutcome()
    {
        using var content = new StringContent("""{"resourceType":"Patient","id":"x"}""", Encoding.UTF8, "application/fhir+json");
        using var response = await _host!.Client.PostAsync($"api/patients/{PatientId}/responses", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("expected a QuestionnaireResponse", outcome.GetProperty("issue")[0].GetProperty("diagnostics").GetString());
    }

    [Fact]
    public async Task Instruments_WhenListed_ThenCatalogueWithPlaceholderFlagAndQuestionnaire()
    {
        var list = JsonDocument.Parse(await _host!.Client.GetStringAsync("api/instruments")).RootElement.EnumerateArray().ToList();
        Assert.Contains(list, i => i.GetProperty("id").GetString() == "phq-9" && !i.GetProperty("placeholderText").GetBoolean());
        Assert.Contains(list, i => i.GetProperty("id").GetString() == "wai-sr" && i.GetProperty("placeholderText").GetBoolean());
        var q = JsonDocument.Parse(await _host.Client.GetStringAsync("api/instruments/phq-9/questionnaire")).RootElement;
        Assert.Equal("Questionnaire", q.GetProperty("resourceType").GetString());
        Assert.Equal("https://alliancefhir.org/fhir/Questionnaire/phq-9", q.GetProperty("url").GetString());
    }
}
