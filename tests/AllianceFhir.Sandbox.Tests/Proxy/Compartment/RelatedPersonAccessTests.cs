using System.Net;
using System.Text;
using System.Text.Json;

namespace AllianceFhir.Sandbox.Tests.Proxy.Compartment;

/// <summary>
/// A parent signed in through the portal (fhirUser RelatedPerson/rp-0010-parent, patient pat-0010) against the real sandbox
/// and Node FHIR server: of the young person's compartment they reach only the Tasks assigned to them, the responses they
/// wrote and the scores they performed (docs/adr/0004). Each test first shows the upstream holds what the proxy must hide.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class RelatedPersonAccessTests(SandboxEhrFixture fixture) : IDisposable
{
    private const string YoungPerson = "pat-0010";
    private const string Parent = "rp-0010-parent";
    private const string YoungPersonsResponse = $"qr-{YoungPerson}-phq-9-01";
    private const string Scopes = "launch openid fhirUser patient/Patient.r patient/RelatedPerson.r patient/Task.rus patient/QuestionnaireResponse.crs "
                                  + "patient/Observation.crs patient/Flag.rs user/QuestionnaireResponse.rs";
    private readonly OAuthDriver _driver = new(fixture.Sandbox);
    private readonly HttpClient _upstream = fixture.Sandbox.FhirServer!.CreateHttpClient();

    private async Task<JsonElement> ParentTokenAsync()
    {
        var launch = await fixture.Sandbox.CreatePortalLaunchAsync(YoungPerson, "RelatedPerson", Parent);
        var (verifier, challenge) = OAuthDriver.Pkce();
        using var authorize = await _driver.AuthorizeAsync(_driver.AuthorizeParameters(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri, Scopes, launch, challenge));
        var redirect = OAuthDriver.RedirectParameters(authorize);
        Assert.True(redirect.ContainsKey("code"), $"authorize refused: {string.Join(", ", redirect.Select(p => $"{p.Key}={p.Value}"))}");
        var (status, body) = await _driver.TokenAsync(OAuthDriver.CodeForm(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri, redirect["code"], verifier));
        Assert.True(status == HttpStatusCode.OK, $"token refused: {body}");
        return body;
    }

    private async Task<string> SeedAsync(string json)
    {
        using var response = await _upstream.PostAsync(JsonDocument.Parse(json).RootElement.GetProperty("resourceType").GetString(),
            new StringContent(json, Encoding.UTF8, "application/fhir+json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"seeding refused: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    private static string Task(string owner) => $$"""
        {"resourceType":"Task","status":"requested","intent":"order",
         "code":{"coding":[{"system":"http://hl7.org/fhir/uv/sdc/CodeSystem/temp","code":"complete-questionnaire"}]},
         "for":{"reference":"Patient/{{YoungPerson}}"},"owner":{"reference":"{{owner}}"},
         "input":[{"type":{"coding":[{"system":"http://hl7.org/fhir/uv/sdc/CodeSystem/temp","code":"questionnaire"}]},"valueCanonical":"https://alliancefhir.org/fhir/Questionnaire/gad-7|1.0.0"}]}
        """;

    private static string Response(string author) => $$"""
        {"resourceType":"QuestionnaireResponse","status":"completed","questionnaire":"https://alliancefhir.org/fhir/Questionnaire/gad-7|1.0.0",
         "subject":{"reference":"Patient/{{YoungPerson}}"},"author":{"reference":"{{author}}"},"authored":"2026-12-01T10:00:00Z"}
        """;

    private static IEnumerable<string> Ids(JsonElement bundle) =>
        bundle.TryGetProperty("entry", out var entries) ? entries.EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("id").GetString()!) : [];

    [Fact]
    public async Task Token_WhenParentLaunchedFromPortal_ThenPatientIsTheYoungPersonFhirUserTheParentAndNoUserScopes()
    {
        var token = await ParentTokenAsync();

        Assert.Equal(YoungPerson, token.GetProperty("patient").GetString());
        var scopes = token.GetProperty("scope").GetString()!.Split(' ');
        Assert.DoesNotContain("user/QuestionnaireResponse.rs", scopes);
        Assert.Contains("patient/Task.rus", scopes);
        var idToken = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token.GetProperty("id_token").GetString());
        Assert.EndsWith($"/RelatedPerson/{Parent}", idToken.GetClaim("fhirUser").Value);
    }

    [Fact]
    public async Task ResponseSearch_WhenParentSearchesYoungPersonsResponses_ThenOnlyTheParentsOwnAreReturned()
    {
        using (var upstream = await _upstream.GetAsync($"QuestionnaireResponse/{YoungPersonsResponse}"))
            Assert.Equal(HttpStatusCode.OK, upstream.StatusCode);
        var own = await SeedAsync(Response($"RelatedPerson/{Parent}"));
        var token = (await ParentTokenAsync()).GetProperty("access_token").GetString();

        using var search = await _driver.FhirAsync(HttpMethod.Get, $"QuestionnaireResponse?patient={YoungPerson}&_count=200", token);
        var ids = Ids(JsonDocument.Parse(await search.Content.ReadAsStringAsync()).RootElement).ToList();

        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Contains(own, ids);
        Assert.DoesNotContain(YoungPersonsResponse, ids);
        Assert.All(ids, id => Assert.DoesNotContain($"qr-{YoungPerson}-", id));
    }

    [Fact]
    public async Task Read_WhenParentReadsYoungPersonsResponseOrScore_ThenRefused()
    {
        var token = (await ParentTokenAsync()).GetProperty("access_token").GetString();

        using var response = await _driver.FhirAsync(HttpMethod.Get, $"QuestionnaireResponse/{YoungPersonsResponse}", token);
        using var score = await _driver.FhirAsync(HttpMethod.Get, $"Observation/obs-{YoungPerson}-phq-9-screen", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, score.StatusCode);
        Assert.DoesNotContain("linkId", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TaskSearch_WhenTasksAssignedToParentAndToYoungPerson_ThenParentSeesOnlyTheirs()
    {
        var theirs = await SeedAsync(Task($"RelatedPerson/{Parent}"));
        var youngPersons = await SeedAsync(Task($"Patient/{YoungPerson}"));
        var token = (await ParentTokenAsync()).GetProperty("access_token").GetString();

        using var search = await _driver.FhirAsync(HttpMethod.Get, $"Task?patient={YoungPerson}", token);
        var ids = Ids(JsonDocument.Parse(await search.Content.ReadAsStringAsync()).RootElement).ToList();
        using var read = await _driver.FhirAsync(HttpMethod.Get, $"Task/{youngPersons}", token);

        Assert.Contains(theirs, ids);
        Assert.DoesNotContain(youngPersons, ids);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
    }

    [Fact]
    public async Task Write_WhenParentWritesResponseAsTheYoungPerson_ThenRefusedAndAsThemselfCreated()
    {
        var token = (await ParentTokenAsync()).GetProperty("access_token").GetString();

        using var asYoungPerson = await _driver.FhirAsync(HttpMethod.Post, "QuestionnaireResponse", token, Response($"Patient/{YoungPerson}"));
        using var asParent = await _driver.FhirAsync(HttpMethod.Post, "QuestionnaireResponse", token, Response($"RelatedPerson/{Parent}"));

        Assert.Equal(HttpStatusCode.Forbidden, asYoungPerson.StatusCode);
        Assert.Contains("RelatedPerson/" + Parent, await asYoungPerson.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, asParent.StatusCode);
    }

    [Fact]
    public async Task Read_WhenParentsOwnResponseIsLabelledRestricted_ThenWithheld()
    {
        var restricted = await SeedAsync(Response($"RelatedPerson/{Parent}").Replace("\"status\":\"completed\"",
            "\"meta\":{\"security\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"R\"}]},\"status\":\"completed\""));
        var token = (await ParentTokenAsync()).GetProperty("access_token").GetString();

        using var read = await _driver.FhirAsync(HttpMethod.Get, $"QuestionnaireResponse/{restricted}", token);

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
    }

    public void Dispose()
    {
        _driver.Dispose();
        _upstream.Dispose();
    }
}
