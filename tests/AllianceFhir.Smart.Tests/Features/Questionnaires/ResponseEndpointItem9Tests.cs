using System.Net;
using System.Text;
using System.Text.Json;
using AllianceFhir.Smart.Features.Questionnaires;
using AllianceFhir.Smart.Tests.Support;
using AllianceFhir.Testing.FhirServer;
using AllianceFhir.Testing.Item9;

namespace AllianceFhir.Smart.Tests.Features.Questionnaires;

/// <summary>
/// Issue 9 §4 on the app's submit path, into the real test FHIR server: each golden response posted as the form's body
/// (bytes as in its file, a byte-order mark included). The app completes what it accepts (status completed, this
/// patient), so in-progress and stopped forms are saved and alerted; what it refuses (400) with item 9 = 3 still
/// carries the next steps; an entered-in-error body is refused with none. Expected values are written by hand.
/// </summary>
[Collection(ResponseEndpointCollection.Name)]
public sealed class ResponseEndpointItem9Tests(ResponseEndpointFixture app) : IAsyncLifetime
{
    private const string PatientId = "item9-app";
    private readonly ResponseEndpointFixture _app = app;
    private readonly FhirServerFixture _fhir = app.Fhir;
    private FeatureHost? _host;

    public async Task InitializeAsync() => _host = await _app.HostForAsync(PatientId);

    public Task DisposeAsync() => Task.CompletedTask; // the collection's fixture stops the host

    private async Task<(HttpStatusCode Status, JsonElement Body)> SubmitAsync(string name)
    {
        // U+FEFF encodes as the UTF-8 byte-order mark EF BB BF: the bom case's body starts with it.
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Item9Cases.Line(name)));
        content.Headers.ContentType = new("application/fhir+json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/patients/{PatientId}/responses?instrument=phq-9") { Content = content };
        request.Headers.Add("Idempotency-Key", "item9-" + name);
        using var response = await _host!.Client.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static bool HasNextSteps(JsonElement outcome) =>
        outcome.GetProperty("issue").EnumerateArray().Any(i => i.TryGetProperty("details", out var d) && d.GetProperty("text").GetString() == ResponseEndpoint.NextStepsCode
            && i.GetProperty("diagnostics").GetString()!.Contains("Assess risk today", StringComparison.Ordinal));

    [Theory]
    [InlineData("twice-0-then-3")]
    [InlineData("value-integer-3")]
    [InlineData("value-string-nearly-every-day")]
    [InlineData("nested-in-group")]
    [InlineData("unknown-element")]
    public async Task Submit_WhenRefusedWithItem9Three_ThenBadRequestCarriesTheNextSteps(string name)
    {
        var (status, body) = await SubmitAsync(name);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("OperationOutcome", body.GetProperty("resourceType").GetString());
        Assert.True(HasNextSteps(body), $"{name}: no next steps in {body}");
    }

    [Theory]
    [InlineData("in-progress-3")]
    [InlineData("stopped-3")]
    [InlineData("bom")]
    public async Task Submit_WhenAcceptedWithItem9Three_ThenSavedWithSafetyAlertAndNextSteps(string name)
    {
        var (status, body) = await SubmitAsync(name);

        Assert.Equal(HttpStatusCode.OK, status);
        var safety = body.GetProperty("safety");
        Assert.Contains("Assess risk today", safety.GetProperty("message").GetString());
        Assert.Equal("Flag", safety.GetProperty("alertType").GetString());
        var flag = await _fhir.Server.SearchAllAsync($"Flag?_id={safety.GetProperty("alertId").GetString()}");
        Assert.Equal($"Patient/{PatientId}", Assert.Single(flag).GetProperty("subject").GetProperty("reference").GetString());
    }

    [Fact]
    public async Task Submit_WhenEnteredInErrorWithItem9Three_ThenRefusedWithoutNextStepsAndNothingWritten()
    {
        var flagsBefore = (await _fhir.Server.SearchAllAsync($"Flag?subject=Patient/{PatientId}")).Count;

        var (status, body) = await SubmitAsync("entered-in-error-3");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(HasNextSteps(body));
        Assert.Equal(flagsBefore, (await _fhir.Server.SearchAllAsync($"Flag?subject=Patient/{PatientId}")).Count);
    }
}
