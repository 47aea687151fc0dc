using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Pipeline;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Tests.Support;
using AllianceFhir.Core.Trajectories;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Core.Tests.Scoring;

/// <summary>
/// YP-CORE item 4, the single risk-to-self item ("I've thought of hurting myself", 0 "Not at all" to 4 "Most or all of the
/// time", not reversed; docs/domain.md §2, young people's pack), is read like PHQ-9 item 9: any answer above 0 raises the
/// stat safety alert, 0 raises none, a missing item 4 is reported as missing and never prorated into a "no". Golden responses
/// under Scoring/TestFiles/yp-core-item4, every other item at response position 2. Expected values are worked by hand: items
/// 1, 2, 6-9 at position 2 score 1 each (6), items 3, 5, 10 are reversed, position 2 scores 3 each (9).
/// </summary>
public class YpCoreItem4GoldenTests
{
    private const string Patient = "Patient/yp-core-item4-patient";
    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    private static ResponseOutcome Run(string name)
    {
        var json = File.ReadAllText(Path.Combine(Item9Fixtures.Folder, "..", "yp-core-item4", name + ".json"));
        var run = new ScoringRun(TestCatalogue.Instance, new TrajectorySettings());
        return run.AddResponse((QuestionnaireResponse)Strict.DeserializeResource(json));
    }

    [Fact]
    public void AddResponse_WhenYpCoreItem4OnlyOccasionally_ThenScoredAndStatSafetyAlertOnItem4()
    {
        var outcome = Run("positive");

        Assert.False(outcome.Result.IsRejected);
        Assert.Equal(16m, outcome.Result.Total!.Value); // 6 + 9 + item 4 at 1
        Assert.Equal(SafetyStatus.Positive, outcome.Result.Safety?.Status);
        Assert.Equal("4", outcome.Result.Safety!.Item.LinkId);
        Assert.Equal(1m, outcome.Result.Safety.Ordinal);
        var alert = Assert.IsType<AlertIntent>(outcome.SafetyAlert);
        Assert.Equal(AlertKind.Safety, alert.Kind);
        Assert.Equal(AlertPriority.Stat, alert.Priority);
        Assert.Equal(Patient, alert.PatientReference);
        Assert.Equal(["QuestionnaireResponse/yp-core-item4-positive"], alert.Evidence);
        Assert.Contains("YP-CORE", alert.Summary);
        Assert.Contains("item 4", alert.Summary);
    }

    [Fact]
    public void AddResponse_WhenYpCoreItem4NotAtAll_ThenScoredWithoutAlert()
    {
        var outcome = Run("zero");

        Assert.False(outcome.Result.IsRejected);
        Assert.Equal(15m, outcome.Result.Total!.Value);
        Assert.Equal(SafetyStatus.Negative, outcome.Result.Safety?.Status);
        Assert.Equal("4", outcome.Result.Safety!.Item.LinkId);
        Assert.Null(outcome.SafetyAlert);
    }

    [Fact]
    public void AddResponse_WhenYpCoreItem4Missing_ThenTotalProratedButSafetyMissingNotNegative()
    {
        var outcome = Run("missing");

        // Nine items, 15 over 9, x 10 = 16.7, prorated to 17 (CST: up to one missing item); item 4's meaning is not guessed.
        Assert.Equal(17m, outcome.Result.Total!.Value);
        Assert.True(outcome.Result.Total.Prorated);
        Assert.Equal(SafetyStatus.Missing, outcome.Result.Safety?.Status);
        Assert.Equal("4", outcome.Result.Safety!.Item.LinkId);
        Assert.False(outcome.Result.HasPositiveSafetySignal);
        Assert.Null(outcome.SafetyAlert);
    }
}
