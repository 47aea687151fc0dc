using System.Net;
using System.Text.Json;

namespace AllianceFhir.Sandbox.Tests.Proxy;

[Collection(SandboxCollection.Name)]
public sealed class FhirProxyTests(SandboxEhrFixture fixture) : IDisposable
{
    private const string Patient = "pat-0001";
    private const string OtherPatient = "pat-0002";
    private const string Practitioner = "prac-north-2";
    private readonly OAuthDriver _driver = new(fixture.Sandbox);

    private async Task<string> PatientTokenAsync(string scope = "launch patient/Patient.r patient/Observation.rs patient/QuestionnaireResponse.rs")
    {
        var token = await _driver.EhrLaunchAsync(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri, scope, Patient, Practitioner);
        return token.GetProperty("access_token").GetString()!;
    }

    [Fact]
    public async Task Search_WhenPatientTokenNamesItsPatient_ThenBundleLinksPointAtTheSandbox()
    {
        var token = await PatientTokenAsync();

        using var response = await _driver.FhirAsync(HttpMethod.Get, $"QuestionnaireResponse?subject=Patient/{Patient}&_count=5", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(fixture.Sandbox.FhirUpstreamUrl, text);
        using var bundle = JsonDocument.Parse(text);
        var entries = bundle.RootElement.GetProperty("entry").EnumerateArray().ToList();
        Assert.Equal(5, entries.Count);
        Assert.All(entries, e => Assert.Equal($"Patient/{Patient}", e.GetProperty("resource").GetProperty("subject").GetProperty("reference").GetString()));
        Assert.All(entries, e => Assert.StartsWith(fixture.FhirBaseUrl + "/QuestionnaireResponse/", e.GetProperty("fullUrl").GetString()));
        var next = bundle.RootElement.GetProperty("link").EnumerateArray().Single(l => l.GetProperty("relation").GetString() == "next").GetProperty("url").GetString()!;
        Assert.StartsWith(fixture.FhirBaseUrl + "/QuestionnaireResponse?", next);

        using var page2 = await _driver.FhirAsync(HttpMethod.Get, next[(fixture.FhirBaseUrl.Length + 1)..], token);
        Assert.Equal(HttpStatusCode.OK, page2.StatusCode);
    }

    [Fact]
    public async Task Read_WhenResourceBelongsToAnotherPatient_ThenForbiddenWithOperationOutcome()
    {
        var token = await PatientTokenAsync();

        using var response = await _driver.FhirAsync(HttpMethod.Get, $"QuestionnaireResponse/qr-{OtherPatient}-phq-9-01", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("OperationOutcome", outcome.RootElement.GetProperty("resourceType").GetString());
        Assert.Equal("forbidden", outcome.RootElement.GetProperty("issue")[0].GetProperty("code").GetString());
    }

    public void Dispose() => _driver.Dispose();
}
