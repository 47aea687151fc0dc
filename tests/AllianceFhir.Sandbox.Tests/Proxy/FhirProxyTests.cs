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

    [Fact]
    public async Task Request_WhenNoTokenIsSent_Then401WithOperationOutcome()
    {
        using var response = await _driver.FhirAsync(HttpMethod.Get, $"Patient/{Patient}", accessToken: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        await AssertOutcomeAsync(response, "login");
    }

    [Fact]
    public async Task Request_WhenTokenIsNotFromThisEhr_Then401()
    {
        using var response = await _driver.FhirAsync(HttpMethod.Get, $"Patient/{Patient}", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertOutcomeAsync(response, "login");
    }

    [Fact]
    public async Task Request_WhenTokenHasExpired_Then401()
    {
        var token = (await _driver.EhrLaunchAsync(SandboxEhrFixture.ShortLivedClient, SandboxEhrFixture.RedirectUri, "launch patient/Patient.r", Patient, Practitioner))
            .GetProperty("access_token").GetString()!;
        using (var fresh = await _driver.FhirAsync(HttpMethod.Get, $"Patient/{Patient}", token))
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(4.5));
        using var response = await _driver.FhirAsync(HttpMethod.Get, $"Patient/{Patient}", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertOutcomeAsync(response, "login");
    }

    [Fact]
    public async Task Search_WhenNoScopeCoversTheType_Then403NamingIt()
    {
        var token = await PatientTokenAsync("launch patient/Patient.r");

        using var response = await _driver.FhirAsync(HttpMethod.Get, $"Observation?patient={Patient}", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Observation", await AssertOutcomeAsync(response, "forbidden"));
    }

    [Fact]
    public async Task Create_WhenScopeOnlyAllowsReading_Then403()
    {
        var token = await PatientTokenAsync("launch patient/Observation.rs");

        using var response = await _driver.FhirAsync(HttpMethod.Post, "Observation", token, ObservationFor(Patient));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertOutcomeAsync(response, "forbidden");
    }

    [Theory]
    [InlineData("Observation")]
    [InlineData($"Observation?patient={OtherPatient}")]
    [InlineData($"Observation?subject=Patient/{OtherPatient}")]
    [InlineData($"Patient/{OtherPatient}")]
    [InlineData("Patient?name=Zielinski")]
    [InlineData($"Patient?_id={OtherPatient}")]
    public async Task Search_WhenPatientTokenLeavesItsCompartment_Then403(string relative)
    {
        var token = await PatientTokenAsync();

        using var response = await _driver.FhirAsync(HttpMethod.Get, relative, token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertOutcomeAsync(response, "forbidden");
    }

    [Fact]
    public async Task Read_WhenPatientTokenReadsItsOwnPatient_ThenTheRecordComesBack()
    {
        var token = await PatientTokenAsync();

        using var response = await _driver.FhirAsync(HttpMethod.Get, $"Patient/{Patient}", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var patient = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Robertson", patient.RootElement.GetProperty("name")[0].GetProperty("family").GetString());
    }

    [Fact]
    public async Task Create_WhenPatientTokenWritesForItsPatient_Then201WithLocationOnTheSandbox()
    {
        var token = await PatientTokenAsync("launch patient/Observation.crs");

        using var response = await _driver.FhirAsync(HttpMethod.Post, "Observation", token, ObservationFor(Patient));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith(fixture.FhirBaseUrl + "/Observation/", response.Headers.Location!.ToString());
        Assert.DoesNotContain(fixture.Sandbox.FhirUpstreamUrl, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Create_WhenPatientTokenWritesForAnotherPatient_Then403AndNothingIsStored()
    {
        var token = await PatientTokenAsync("launch patient/Observation.crs");
        var before = (await fixture.Sandbox.FhirServer!.SearchAllAsync($"Observation?subject=Patient/{OtherPatient}")).Count;

        using var response = await _driver.FhirAsync(HttpMethod.Post, "Observation", token, ObservationFor(OtherPatient));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertOutcomeAsync(response, "forbidden");
        Assert.Equal(before, (await fixture.Sandbox.FhirServer!.SearchAllAsync($"Observation?subject=Patient/{OtherPatient}")).Count);
    }

    [Fact]
    public async Task Update_WhenTheStoredResourceIsAnotherPatients_Then403()
    {
        var token = await PatientTokenAsync("launch patient/QuestionnaireResponse.rus");
        var stolen = $$$"""{"resourceType":"QuestionnaireResponse","id":"qr-{{{OtherPatient}}}-phq-9-01","status":"completed","subject":{"reference":"Patient/{{{Patient}}}"}}""";

        using var response = await _driver.FhirAsync(HttpMethod.Put, $"QuestionnaireResponse/qr-{OtherPatient}-phq-9-01", token, stolen);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertOutcomeAsync(response, "forbidden");
    }

    [Fact]
    public async Task Metadata_WhenNoTokenIsSent_ThenTheCapabilityStatementIsServed()
    {
        using var response = await _driver.FhirAsync(HttpMethod.Get, "metadata", accessToken: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var capability = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("CapabilityStatement", capability.RootElement.GetProperty("resourceType").GetString());
    }

    [Fact]
    public async Task Search_WhenUserScopeAllowsIt_ThenAnyPatientsDataPasses()
    {
        var token = await PatientTokenAsync("launch user/Observation.rs");

        using var response = await _driver.FhirAsync(HttpMethod.Get, $"Observation?subject=Patient/{OtherPatient}", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string ObservationFor(string patient) =>
        $$$"""{"resourceType":"Observation","status":"final","code":{"text":"sandbox proxy test"},"subject":{"reference":"Patient/{{{patient}}}"},"valueInteger":3}""";

    /// <summary>Checks the body is an OperationOutcome with the issue code, and returns its diagnostics.</summary>
    private static async Task<string> AssertOutcomeAsync(HttpResponseMessage response, string code)
    {
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        using var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("OperationOutcome", outcome.RootElement.GetProperty("resourceType").GetString());
        var issue = outcome.RootElement.GetProperty("issue")[0];
        Assert.Equal(code, issue.GetProperty("code").GetString());
        return issue.GetProperty("diagnostics").GetString()!;
    }

    public void Dispose() => _driver.Dispose();
}
