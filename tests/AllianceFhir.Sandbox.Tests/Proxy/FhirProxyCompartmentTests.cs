using System.Net;
using System.Text;
using System.Text.Json;

namespace AllianceFhir.Sandbox.Tests.Proxy;

/// <summary>
/// The attacks of issue 10 ("Sandbox proxy compartment escapes") against the real sandbox and Node FHIR server: a
/// <c>patient/</c> token for patient A (pat-0001) reaching patient B (pat-0002) through history, <c>_include</c>,
/// <c>_revinclude</c>, Task <c>for</c>, and writes. Each test first shows the upstream holds what the proxy must hide.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class FhirProxyCompartmentTests(SandboxEhrFixture fixture) : IDisposable
{
    private const string Patient = "pat-0001";
    private const string OtherPatient = "pat-0002";
    private const string OtherResponse = $"qr-{OtherPatient}-phq-9-01";
    private const string OwnResponse = $"qr-{Patient}-phq-9-01";
    private const string Practitioner = "prac-north-2";
    private const string ReadScopes = "launch patient/Patient.r patient/Observation.rs patient/QuestionnaireResponse.rs";
    private readonly OAuthDriver _driver = new(fixture.Sandbox);
    private readonly HttpClient _upstream = fixture.Sandbox.FhirServer!.CreateHttpClient();

    private async Task<string> TokenAsync(string scope = ReadScopes) =>
        (await _driver.EhrLaunchAsync(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri, scope, Patient, Practitioner))
            .GetProperty("access_token").GetString()!;

    [Fact]
    public async Task History_WhenPatientTokenReadsOtherPatientsResponse_ThenRefused()
    {
        using (var upstream = await _upstream.GetAsync($"QuestionnaireResponse/{OtherResponse}/_history"))
            Assert.Equal(HttpStatusCode.OK, upstream.StatusCode);

        using var response = await _driver.FhirAsync(HttpMethod.Get, $"QuestionnaireResponse/{OtherResponse}/_history", await TokenAsync());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var text = await AssertForbiddenAsync(response);
        Assert.DoesNotContain(OtherPatient, text);
    }

    [Fact]
    public async Task VersionRead_WhenPatientTokenReadsAVersionOfOtherPatientsResponse_ThenRefused()
    {
        var version = (await GetUpstreamAsync($"QuestionnaireResponse/{OtherResponse}")).GetProperty("meta").GetProperty("versionId").GetString();

        using var response = await _driver.FhirAsync(HttpMethod.Get, $"QuestionnaireResponse/{OtherResponse}/_history/{version}", await TokenAsync());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertForbiddenAsync(response);
    }

    [Fact]
    public async Task History_WhenPatientTokenReadsATypesWholeHistory_ThenRefused()
    {
        using var response = await _driver.FhirAsync(HttpMethod.Get, $"QuestionnaireResponse/_history?subject=Patient/{Patient}", await TokenAsync());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("whole history", await AssertForbiddenAsync(response));
    }

    [Fact]
    public async Task History_WhenPatientTokenReadsItsOwnResponse_ThenItsVersionsComeBack()
    {
        using var response = await _driver.FhirAsync(HttpMethod.Get, $"QuestionnaireResponse/{OwnResponse}/_history", await TokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = Entries(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Equal($"Patient/{Patient}", e.GetProperty("subject").GetProperty("reference").GetString()));
    }

    [Fact]
    public async Task Include_WhenObservationFocusAndDerivedFromPointAtAnotherPatient_ThenTheirPatientAndResponseAreDropped()
    {
        var id = await SeedAsync("Observation", $$"""
            {"resourceType":"Observation","status":"final","code":{"text":"include attack"},"subject":{"reference":"Patient/{{Patient}}"},
             "focus":[{"reference":"Patient/{{OtherPatient}}"}],"derivedFrom":[{"reference":"QuestionnaireResponse/{{OtherResponse}}"}],"valueInteger":1}
            """);
        var query = $"Observation?subject=Patient/{Patient}&_id={id}&_include=Observation:focus&_include=Observation:derived-from";
        var upstream = Entries(await GetUpstreamAsync(query));
        Assert.Contains(upstream, r => Is(r, "Patient", OtherPatient));
        Assert.Contains(upstream, r => Is(r, "QuestionnaireResponse", OtherResponse));

        using var response = await _driver.FhirAsync(HttpMethod.Get, query, await TokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = Entries(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
        Assert.Equal([("Observation", id)], entries.Select(Key));
    }

    [Fact]
    public async Task Revinclude_WhenAnotherPatientsObservationFocusesOnThePatient_ThenItIsDropped()
    {
        var id = await SeedAsync("Observation", $$"""
            {"resourceType":"Observation","status":"final","code":{"text":"revinclude attack"},"subject":{"reference":"Patient/{{OtherPatient}}"},
             "focus":[{"reference":"Patient/{{Patient}}"}],"valueInteger":2}
            """);
        var query = $"Patient?_id={Patient}&_revinclude=Observation:focus";
        Assert.Contains(Entries(await GetUpstreamAsync(query)), r => Is(r, "Observation", id));

        using var response = await _driver.FhirAsync(HttpMethod.Get, query, await TokenAsync("launch patient/Patient.rs patient/Observation.rs"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = Entries(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
        Assert.Equal([("Patient", Patient)], entries.Select(Key));
    }

    [Fact]
    public async Task Include_WhenThePatientsOwnRecordIsIncluded_ThenItIsKept()
    {
        using var response = await _driver.FhirAsync(HttpMethod.Get,
            $"QuestionnaireResponse?subject=Patient/{Patient}&_count=3&_include=QuestionnaireResponse:subject", await TokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = Entries(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
        Assert.Contains(entries, r => Is(r, "Patient", Patient));
        Assert.Equal(3, entries.Count(r => r.GetProperty("resourceType").GetString() == "QuestionnaireResponse"));
    }

    [Fact]
    public async Task Read_WhenTaskIsForAnotherPatient_ThenRefused()
    {
        var id = await SeedAsync("Task", TaskFor(OtherPatient));

        using var response = await _driver.FhirAsync(HttpMethod.Get, $"Task/{id}", await TokenAsync("launch patient/Task.rs"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertForbiddenAsync(response);
    }

    [Fact]
    public async Task Search_WhenPatientTokenSearchesTasksForAnotherPatient_ThenRefused()
    {
        using var response = await _driver.FhirAsync(HttpMethod.Get, $"Task?patient=Patient/{OtherPatient}", await TokenAsync("launch patient/Task.rs"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertForbiddenAsync(response);
    }

    [Fact]
    public async Task Create_WhenPatientTokenCreatesTaskForAnotherPatient_ThenRefusedAndNothingIsStored()
    {
        var before = (await fixture.Sandbox.FhirServer!.SearchAllAsync($"Task?patient=Patient/{OtherPatient}")).Count;

        using var response = await _driver.FhirAsync(HttpMethod.Post, "Task", await TokenAsync("launch patient/Task.crs"), TaskFor(OtherPatient));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Task.for", await AssertForbiddenAsync(response));
        Assert.Equal(before, (await fixture.Sandbox.FhirServer!.SearchAllAsync($"Task?patient=Patient/{OtherPatient}")).Count);
    }

    [Fact]
    public async Task Create_WhenPatientTokenCreatesTaskForItsPatient_ThenStoredAndReadable()
    {
        var token = await TokenAsync("launch patient/Task.crs");

        using var created = await _driver.FhirAsync(HttpMethod.Post, "Task", token, TaskFor(Patient));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var read = await _driver.FhirAsync(HttpMethod.Get, created.Headers.Location!.ToString()[(fixture.FhirBaseUrl.Length + 1)..], token);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Create_WhenAuthorNamesAnotherPatient_ThenRefused()
    {
        var body = $$$"""
            {"resourceType":"QuestionnaireResponse","status":"completed","subject":{"reference":"Patient/{{{Patient}}}"},"author":{"reference":"Patient/{{{OtherPatient}}}"}}
            """;

        using var response = await _driver.FhirAsync(HttpMethod.Post, "QuestionnaireResponse", await TokenAsync("launch patient/QuestionnaireResponse.crs"), body);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("QuestionnaireResponse.author", await AssertForbiddenAsync(response));
    }

    [Fact]
    public async Task Update_WhenBodyMovesThePatientsObservationToAnotherPatient_ThenRefusedAndUnchanged()
    {
        var id = await SeedAsync("Observation", ObservationFor(Patient));
        var moved = ObservationFor(OtherPatient).Replace("{\"resourceType\":\"Observation\",", $"{{\"resourceType\":\"Observation\",\"id\":\"{id}\",", StringComparison.Ordinal);

        using var response = await _driver.FhirAsync(HttpMethod.Put, $"Observation/{id}", await TokenAsync("launch patient/Observation.rus"), moved);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertForbiddenAsync(response);
        Assert.Equal($"Patient/{Patient}", (await GetUpstreamAsync($"Observation/{id}")).GetProperty("subject").GetProperty("reference").GetString());
    }

    [Fact]
    public async Task Patch_WhenJsonPatchMovesThePatientsObservationToAnotherPatient_ThenRefusedAndUnchanged()
    {
        var id = await SeedAsync("Observation", ObservationFor(Patient));
        var patch = $$"""[{"op":"replace","path":"/subject/reference","value":"Patient/{{OtherPatient}}"}]""";

        using var response = await _driver.FhirAsync(HttpMethod.Patch, $"Observation/{id}", await TokenAsync("launch patient/Observation.rus"), patch, "application/json-patch+json");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("another patient", await AssertForbiddenAsync(response));
        Assert.Equal($"Patient/{Patient}", (await GetUpstreamAsync($"Observation/{id}")).GetProperty("subject").GetProperty("reference").GetString());
    }

    [Fact]
    public async Task Patch_WhenJsonPatchStaysInTheCompartment_ThenApplied()
    {
        var id = await SeedAsync("Observation", ObservationFor(Patient));

        using var response = await _driver.FhirAsync(HttpMethod.Patch, $"Observation/{id}", await TokenAsync("launch patient/Observation.rus"),
            """[{"op":"replace","path":"/valueInteger","value":7}]""", "application/json-patch+json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(7, (await GetUpstreamAsync($"Observation/{id}")).GetProperty("valueInteger").GetInt32());
    }

    [Fact]
    public async Task Delete_WhenResourceIsAnotherPatients_ThenRefusedAndStillStored()
    {
        var id = await SeedAsync("Observation", ObservationFor(OtherPatient));

        using var response = await _driver.FhirAsync(HttpMethod.Delete, $"Observation/{id}", await TokenAsync("launch patient/Observation.rd"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertForbiddenAsync(response);
        using var stored = await _upstream.GetAsync($"Observation/{id}");
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
    }

    [Fact]
    public async Task Delete_WhenConditionalOnAnotherPatientsData_ThenRefused()
    {
        var before = (await fixture.Sandbox.FhirServer!.SearchAllAsync($"QuestionnaireResponse?subject=Patient/{OtherPatient}")).Count;
        Assert.NotEqual(0, before);

        using var response = await _driver.FhirAsync(HttpMethod.Delete, $"QuestionnaireResponse?subject=Patient/{OtherPatient}",
            await TokenAsync("launch patient/QuestionnaireResponse.rd"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertForbiddenAsync(response);
        Assert.Equal(before, (await fixture.Sandbox.FhirServer!.SearchAllAsync($"QuestionnaireResponse?subject=Patient/{OtherPatient}")).Count);
    }

    [Fact]
    public async Task Create_WhenProvenanceTargetsThePatientsFlag_ThenStoredAndReturnedWithTheFlag()
    {
        var flag = await SeedAsync("Flag", FlagFor(Patient));
        var token = await TokenAsync("launch patient/Flag.rs patient/Provenance.c");

        using var created = await _driver.FhirAsync(HttpMethod.Post, "Provenance", token, ProvenanceFor($"Flag/{flag}"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var search = await _driver.FhirAsync(HttpMethod.Get, $"Flag?patient=Patient/{Patient}&_id={flag}&_revinclude=Provenance:target", token);

        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        var entries = Entries(JsonDocument.Parse(await search.Content.ReadAsStringAsync()).RootElement);
        Assert.Contains(entries, r => r.GetProperty("resourceType").GetString() == "Provenance");
    }

    [Fact]
    public async Task Create_WhenProvenanceTargetsAnotherPatientsResponse_ThenRefused()
    {
        using var response = await _driver.FhirAsync(HttpMethod.Post, "Provenance", await TokenAsync("launch patient/Provenance.c"),
            ProvenanceFor($"QuestionnaireResponse/{OtherResponse}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Provenance.target", await AssertForbiddenAsync(response));
    }

    [Fact]
    public async Task Read_WhenProvenanceIsAboutAnotherPatientsResponse_ThenRefused()
    {
        var id = await SeedAsync("Provenance", ProvenanceFor($"QuestionnaireResponse/{OtherResponse}"));

        using var response = await _driver.FhirAsync(HttpMethod.Get, $"Provenance/{id}", await TokenAsync("launch patient/Provenance.rs"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertForbiddenAsync(response);
    }

    [Fact]
    public async Task Transaction_WhenPatientTokenSendsOne_ThenRefused()
    {
        var bundle = $$$"""{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{{{TaskFor(OtherPatient)}}},"request":{"method":"POST","url":"Task"}}]}""";

        using var response = await _driver.FhirAsync(HttpMethod.Post, "", await TokenAsync("launch patient/*.cruds"), bundle);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertForbiddenAsync(response);
    }

    [Fact]
    public async Task Search_WhenTypeIsNotPatientData_ThenReadableByScopeAlone()
    {
        using var response = await _driver.FhirAsync(HttpMethod.Get, "Practitioner?_count=3", await TokenAsync("launch patient/Practitioner.rs"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, Entries(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement).Count);
    }

    private static string ObservationFor(string patient) =>
        $$"""{"resourceType":"Observation","status":"final","code":{"text":"compartment test"},"subject":{"reference":"Patient/{{patient}}"},"valueInteger":3}""";

    private static string TaskFor(string patient) =>
        $$$"""{"resourceType":"Task","status":"requested","intent":"order","description":"compartment test","for":{"reference":"Patient/{{{patient}}}"}}""";

    private static string FlagFor(string patient) =>
        $$$"""{"resourceType":"Flag","status":"active","code":{"text":"compartment test"},"subject":{"reference":"Patient/{{{patient}}}"}}""";

    private static string ProvenanceFor(string target) =>
        $$$"""{"resourceType":"Provenance","target":[{"reference":"{{{target}}}"}],"recorded":"2026-11-20T10:00:00Z","agent":[{"who":{"reference":"Practitioner/{{{Practitioner}}}"}}]}""";

    /// <summary>Stores a resource straight on the upstream FHIR server (no proxy) and returns its id.</summary>
    private async Task<string> SeedAsync(string type, string json)
    {
        using var response = await _upstream.PostAsync(type, new StringContent(json, Encoding.UTF8, "application/fhir+json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"seeding {type} failed: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> GetUpstreamAsync(string relative)
    {
        using var response = await _upstream.GetAsync(relative);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static List<JsonElement> Entries(JsonElement bundle) =>
        bundle.TryGetProperty("entry", out var entries) ? entries.EnumerateArray().Where(e => e.TryGetProperty("resource", out _)).Select(e => e.GetProperty("resource")).ToList() : [];

    private static (string, string) Key(JsonElement resource) => (resource.GetProperty("resourceType").GetString()!, resource.GetProperty("id").GetString()!);

    private static bool Is(JsonElement resource, string type, string id) => Key(resource) == (type, id);

    /// <summary>Checks the 403 body is a forbidden OperationOutcome and returns the whole body text.</summary>
    private static async Task<string> AssertForbiddenAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var outcome = JsonDocument.Parse(text);
        Assert.Equal("OperationOutcome", outcome.RootElement.GetProperty("resourceType").GetString());
        Assert.Equal("forbidden", outcome.RootElement.GetProperty("issue")[0].GetProperty("code").GetString());
        return text;
    }

    public void Dispose()
    {
        _driver.Dispose();
        _upstream.Dispose();
    }
}
