using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AllianceFhir.Samples.Sessions;
using AllianceFhir.Smart.Tests.Support;
using AllianceFhir.Testing.FhirServer;

namespace AllianceFhir.Smart.Tests.Features.Questionnaires;

/// <summary>
/// Issue 13 §3–4 through the app's response endpoint into the real test FHIR server: a parent launched as a RelatedPerson
/// submits a form, and its score's performer is that RelatedPerson; a young person's alliance response and its scores
/// carry the security labels (v3-Confidentiality R, ActCode MH) in the server, an adult's carry none.
/// </summary>
public sealed class ResponseEndpointCaregiverTests : IClassFixture<FhirServerFixture>
{
    private const string Young = "caregiver-young";
    private const string Adult = "caregiver-adult";
    private const string Mother = "RelatedPerson/caregiver-mum";
    private readonly FhirServerFixture _fhir;

    public ResponseEndpointCaregiverTests(FhirServerFixture fhir) => _fhir = fhir;

    private async Task SeedAsync()
    {
        var young = SessionHistory.Build(Young, 0);
        young[0]["birthDate"] = "2011-05-01"; // 15 on the app's clock (2026-11-20)
        var mother = new JsonObject
        {
            ["resourceType"] = "RelatedPerson", ["id"] = "caregiver-mum", ["patient"] = new JsonObject { ["reference"] = $"Patient/{Young}" },
            ["relationship"] = new JsonArray(new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/v3-RoleCode", ["code"] = "MTH", ["display"] = "mother" }) }),
            ["name"] = new JsonArray(new JsonObject { ["family"] = "Doe", ["given"] = new JsonArray("Jane") }),
        };
        await SessionHistory.LoadAsync(_fhir.Client, [.. young, mother, .. SessionHistory.Build(Adult, 0)]); // the adult: born 2004
    }

    private static async Task<HttpResponseMessage> SubmitAsync(FeatureHost host, string patient, JsonObject response, string instrument, string key)
    {
        response.Remove("subject");
        response.Remove("authored");
        response["status"] = "in-progress";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/patients/{patient}/responses?instrument={instrument}")
        {
            Content = new StringContent(response.ToJsonString(), Encoding.UTF8, "application/fhir+json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await host.Client.SendAsync(request);
    }

    private static IEnumerable<(string? System, string? Code)> Labels(JsonElement resource) =>
        resource.TryGetProperty("meta", out var meta) && meta.TryGetProperty("security", out var security)
            ? security.EnumerateArray().Select(s => (s.GetProperty("system").GetString(), s.GetProperty("code").GetString()))
            : [];

    private static readonly (string?, string?) Restricted = ("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R");
    private static readonly (string?, string?) MentalHealth = ("http://terminology.hl7.org/CodeSystem/v3-ActCode", "MH");

    [Fact]
    public async Task Submit_WhenLaunchedAsRelatedPerson_ThenAuthorAndScorePerformerAreTheRelatedPerson()
    {
        await SeedAsync();
        using var session = new TestSmartSession(_fhir.BaseUrl, Young, fhirUser: Mother);
        await using var host = await FeatureHost.StartAsync(session);

        using var response = await SubmitAsync(host, Young, SessionHistory.Response("phq-9", Young, 12, DateTimeOffset.UtcNow), "phq-9", "parent-phq-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("responseId").GetString();

        var saved = JsonDocument.Parse(await _fhir.Client.GetStringAsync($"QuestionnaireResponse/{id}")).RootElement;
        Assert.Equal(Mother, saved.GetProperty("author").GetProperty("reference").GetString());
        var score = Assert.Single(await _fhir.Server.SearchAllAsync($"Observation?subject=Patient/{Young}&code=http://loinc.org|44261-6"));
        Assert.Equal(Mother, Assert.Single(score.GetProperty("performer").EnumerateArray()).GetProperty("reference").GetString());
        Assert.Empty(Labels(saved)); // a symptom measure: no young-person label (only alliance answers carry one)
    }

    [Fact]
    public async Task Submit_WhenYoungPersonGivesAllianceRating_ThenResponseAndScoresLabelledAndAdultsNot()
    {
        await SeedAsync();
        using var young = new TestSmartSession(_fhir.BaseUrl, Young, fhirUser: $"Patient/{Young}");
        await using (var host = await FeatureHost.StartAsync(young))
        {
            using var ok = await SubmitAsync(host, Young, SessionHistory.Response("wai-sr", Young, 44, DateTimeOffset.UtcNow), "wai-sr", "young-wai-1");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var adult = new TestSmartSession(_fhir.BaseUrl, Adult, fhirUser: $"Patient/{Adult}");
        await using (var host = await FeatureHost.StartAsync(adult))
        {
            using var ok = await SubmitAsync(host, Adult, SessionHistory.Response("wai-sr", Adult, 44, DateTimeOffset.UtcNow), "wai-sr", "adult-wai-1");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // As the EHR holds them: the young person's response and every one of its scores (total and subscales) labelled.
        var youngResponse = Assert.Single(await _fhir.Server.SearchAllAsync($"QuestionnaireResponse?subject=Patient/{Young}"),
            r => r.GetProperty("questionnaire").GetString()!.StartsWith("https://alliancefhir.org/fhir/Questionnaire/wai-sr", StringComparison.Ordinal));
        Assert.Contains(Restricted, Labels(youngResponse));
        Assert.Contains(MentalHealth, Labels(youngResponse));
        var youngScores = (await _fhir.Server.SearchAllAsync($"Observation?subject=Patient/{Young}&category=survey"))
            .Where(o => o.GetProperty("code").GetProperty("text").GetString()!.Contains("(WAI-SR)", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, youngScores.Count); // total, goal, task, bond
        Assert.All(youngScores, o => Assert.Contains(Restricted, Labels(o)));
        Assert.All(youngScores, o => Assert.Contains(MentalHealth, Labels(o)));

        var adultResponse = Assert.Single(await _fhir.Server.SearchAllAsync($"QuestionnaireResponse?subject=Patient/{Adult}"));
        Assert.Empty(Labels(adultResponse));
        var adultScores = await _fhir.Server.SearchAllAsync($"Observation?subject=Patient/{Adult}&category=survey");
        Assert.Equal(4, adultScores.Count);
        Assert.All(adultScores, o => Assert.Empty(Labels(o)));
    }
}
