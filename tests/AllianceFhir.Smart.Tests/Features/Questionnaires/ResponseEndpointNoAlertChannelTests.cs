using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AllianceFhir.Samples.Sessions;
using AllianceFhir.Smart.Tests.Support;

namespace AllianceFhir.Smart.Tests.Features.Questionnaires;

/// <summary>
/// A positive item 9 submitted to an EHR that accepts no alert channel (the real test FHIR server with
/// <c>--refuse Flag,Task,Communication</c>): the response and score are saved, so the app answers 200 with the next
/// steps and says plainly that the alert is not in the record.
/// </summary>
public sealed class ResponseEndpointNoAlertChannelTests : IClassFixture<NoAlertChannelFhirServer>, IAsyncLifetime
{
    private const string PatientId = "submit-no-channel";
    private readonly NoAlertChannelFhirServer _fhir;
    private TestSmartSession? _session;
    private FeatureHost? _host;

    public ResponseEndpointNoAlertChannelTests(NoAlertChannelFhirServer fhir) => _fhir = fhir;

    public async Task InitializeAsync()
    {
        await SessionHistory.LoadAsync(_fhir.Client, SessionHistory.Build(PatientId, 0));
        _session = new TestSmartSession(_fhir.BaseUrl, PatientId);
        _host = await FeatureHost.StartAsync(_session);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        _session?.Dispose();
    }

    [Fact]
    public async Task Submit_WhenItem9PositiveAndEhrAcceptsNoAlertChannel_ThenSavedWithNextStepsAndAlertNotWrittenSaidPlainly()
    {
        var qr = SessionHistory.Response("phq-9", PatientId, 16, DateTimeOffset.UtcNow, safetyAnswer: 2);
        qr.Remove("subject");
        qr.Remove("authored");
        qr["status"] = "in-progress";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/patients/{PatientId}/responses?instrument=phq-9")
        {
            Content = new StringContent(qr.ToJsonString(), Encoding.UTF8, "application/fhir+json"),
        };
        request.Headers.Add("Idempotency-Key", "no-channel-1");

        using var response = await _host!.Client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.True(body.GetProperty("scoresWritten").GetBoolean());
        var safety = body.GetProperty("safety");
        Assert.Contains("Assess risk today", safety.GetProperty("message").GetString());
        Assert.DoesNotContain("has been added to the record", safety.GetProperty("message").GetString());
        Assert.False(safety.GetProperty("alertWritten").GetBoolean());
        Assert.Equal(JsonValueKind.Null, safety.GetProperty("alertType").ValueKind);
        Assert.Contains("accepts none of the configured alert channels", safety.GetProperty("alertNotWrittenReason").GetString());
        Assert.Contains("NOT in the record", safety.GetProperty("alertNotWrittenAdvice").GetString());
        Assert.Contains("Tell the care team directly", safety.GetProperty("alertNotWrittenAdvice").GetString());

        // What the page claimed was not saved is in the EHR: the response and its score.
        var saved = Assert.Single(await _fhir.Server.SearchAllAsync($"QuestionnaireResponse?subject=Patient/{PatientId}"));
        Assert.Equal(body.GetProperty("responseId").GetString(), saved.GetProperty("id").GetString());
        var score = Assert.Single(await _fhir.Server.SearchAllAsync($"Observation?subject=Patient/{PatientId}&code=http://loinc.org|44261-6"));
        Assert.Equal(16m, score.GetProperty("valueQuantity").GetProperty("value").GetDecimal());
    }
}
