using System.Text.Json;
using AllianceFhir.Core.Resources;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Service.Scoring;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.Testing.FhirServer;
using Hl7.Fhir.Model;

namespace AllianceFhir.Service.Tests.Scoring;

/// <summary>
/// The YP-CORE's risk item (item 4, "I've thought of hurting myself"; docs/domain.md §2) through <c>score</c>, as a site
/// scoring an export meets it: the YP-CORE item-4 golden responses of Core's Item9GoldenTests (any answer above 0 alerts, like
/// PHQ-9 item 9), each as one ndjson line. Expected values by hand from that rule.
/// </summary>
public sealed class ScoreYpCoreItem4Tests
{
    private static (string Output, ScoreSummary Summary) Score(TempFolder temp, string name)
    {
        var file = RepositoryRoot.Combine("tests", "AllianceFhir.Core.Tests", "Scoring", "TestFiles", "yp-core-item4", name + ".json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(file));
        var input = temp.Combine("QuestionnaireResponse.ndjson");
        File.WriteAllText(input, JsonSerializer.Serialize(document.RootElement) + "\n");
        var output = temp.Combine("out");
        return (output, new ScoreRunner(ProfileDirectory.LoadCatalogue(), TimeProvider.System).Run(new ScoreOptions(input, output)));
    }

    [Fact]
    public void Score_WhenYpCoreItem4IsAnsweredAboveZero_ThenOneStatSelfHarmFlagWithProvenance()
    {
        using var temp = new TempFolder();
        var (output, summary) = Score(temp, "positive");

        var flag = Assert.Single(NdjsonFile.Read<Flag>(Path.Combine(output, "Flag.ndjson")));
        Assert.Equal("safety-self-harm", flag.Code!.Coding[0].Code);
        Assert.Equal("Patient/yp-core-item4-patient", flag.Subject!.Reference);
        Assert.Equal(ResourceIds.For("alert", "safety|QuestionnaireResponse/yp-core-item4-positive"), flag.Identifier[0].Value);
        Assert.Contains("item 4", flag.Code.Text);
        Assert.Contains(NdjsonFile.Read<Provenance>(Path.Combine(output, "Provenance.ndjson")), p => p.Target.Any(t => t.Reference == $"Flag/{flag.Id}"));
        Assert.Equal((1, 1), (summary.SafetySignals, summary.ResponsesScored));
    }

    [Theory]
    [InlineData("zero")]
    [InlineData("missing")]
    public void Score_WhenYpCoreItem4IsZeroOrMissing_ThenScoredWithoutAFlag(string name)
    {
        using var temp = new TempFolder();
        var (output, summary) = Score(temp, name);

        Assert.False(File.Exists(Path.Combine(output, "Flag.ndjson")));
        Assert.Equal((0, 1), (summary.SafetySignals, summary.ResponsesScored));
        Assert.NotEmpty(NdjsonFile.Read<Observation>(Path.Combine(output, "Observation.ndjson")));
    }
}
