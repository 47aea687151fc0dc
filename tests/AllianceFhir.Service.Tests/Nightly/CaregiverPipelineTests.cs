using System.Text.Json;
using System.Text.Json.Nodes;
using AllianceFhir.FhirServer;
using AllianceFhir.Samples.Sessions;
using AllianceFhir.Service.Tests.Support;

namespace AllianceFhir.Service.Tests.Nightly;

/// <summary>
/// Issue 13 §3–4 on the nightly job against the real test FHIR server: a caregiver's response (author a RelatedPerson)
/// is scored with the RelatedPerson as the Observation's performer; a young person's alliance scores carry the security
/// labels (v3-Confidentiality R, ActCode MH) as the EHR holds them, their symptom scores and an adult's alliance scores none.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class CaregiverPipelineTests
{
    private const string Young = "nightly-young";
    private const string Adult = "nightly-adult";
    private const string Mother = "RelatedPerson/nightly-mum";

    private static IEnumerable<(string? System, string? Code)> Labels(JsonElement resource) =>
        resource.TryGetProperty("meta", out var meta) && meta.TryGetProperty("security", out var security)
            ? security.EnumerateArray().Select(s => (s.GetProperty("system").GetString(), s.GetProperty("code").GetString()))
            : [];

    /// <summary>The code's text ("… (WAI-SR) total"); the trajectory and rupture Observations of the run have none.</summary>
    private static string Text(JsonElement observation) =>
        observation.GetProperty("code").TryGetProperty("text", out var text) ? text.GetString() ?? "" : "";

    [Fact]
    public async Task NightlyScoring_WhenCaregiverAndYoungPersonResponses_ThenPerformerIsTheRelatedPersonAndYoungAllianceScoresLabelled()
    {
        await using var server = await FhirServerProcess.StartAsync();
        var young = SessionHistory.Build(Young, 2);
        young[0]["birthDate"] = "2011-05-01"; // 13 when the sessions (January 2025) were rated
        var caregiver = SessionHistory.Response("phq-9", Young, 11, SessionHistory.DefaultStart.AddDays(8));
        caregiver["author"] = new JsonObject { ["reference"] = Mother };
        var mother = new JsonObject
        {
            ["resourceType"] = "RelatedPerson", ["id"] = "nightly-mum", ["patient"] = new JsonObject { ["reference"] = $"Patient/{Young}" },
        };
        using (var http = server.CreateHttpClient())
            await SessionHistory.LoadAsync(http, [.. young, mother, caregiver, .. SessionHistory.Build(Adult, 2)]); // the adult: born 2004
        using var state = new TempFolder();
        await using var host = await PipelineHost.StartAsync(server.BaseUrl, state.Path);

        Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));

        var youngScores = await EhrQuery.AllAsync(server, "Observation", $"subject=Patient/{Young}&category=survey");
        var caregiverId = Assert.Single(await EhrQuery.AllAsync(server, "QuestionnaireResponse", $"subject=Patient/{Young}"),
            r => r.TryGetProperty("author", out var a) && a.GetProperty("reference").GetString() == Mother).GetProperty("id").GetString();
        var caregiverScore = Assert.Single(youngScores, o => Text(o).EndsWith(" total", StringComparison.Ordinal)
            && o.GetProperty("derivedFrom")[0].GetProperty("reference").GetString() == $"QuestionnaireResponse/{caregiverId}");
        Assert.Equal(Mother, Assert.Single(caregiverScore.GetProperty("performer").EnumerateArray()).GetProperty("reference").GetString());
        // The young person's own PHQ-9s name no RelatedPerson.
        var ownPhq9 = youngScores.Where(o => Text(o).EndsWith("(PHQ-9) total", StringComparison.Ordinal) && o.GetProperty("id").GetString() != caregiverScore.GetProperty("id").GetString()).ToList();
        Assert.Equal(2, ownPhq9.Count);
        Assert.All(ownPhq9, o => Assert.False(o.TryGetProperty("performer", out var p) && p.GetRawText().Contains("RelatedPerson", StringComparison.Ordinal)));

        var youngAlliance = youngScores.Where(o => Text(o).Contains("(WAI-SR)", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, youngAlliance.Count); // two sessions × total, goal, task, bond
        Assert.All(youngAlliance, o => Assert.Contains(("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R"), Labels(o)));
        Assert.All(youngAlliance, o => Assert.Contains(("http://terminology.hl7.org/CodeSystem/v3-ActCode", "MH"), Labels(o)));
        Assert.All(youngScores.Where(o => Text(o).Contains("(PHQ-9)", StringComparison.Ordinal)), o => Assert.Empty(Labels(o)));

        var adultAlliance = (await EhrQuery.AllAsync(server, "Observation", $"subject=Patient/{Adult}&category=survey"))
            .Where(o => Text(o).Contains("(WAI-SR)", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, adultAlliance.Count);
        Assert.All(adultAlliance, o => Assert.Empty(Labels(o)));
    }
}
