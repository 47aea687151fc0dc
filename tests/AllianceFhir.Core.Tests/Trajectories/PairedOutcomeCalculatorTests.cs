using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Resources;
using AllianceFhir.Core.Trajectories;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using AllianceFhir.Core.Tests.Support;

namespace AllianceFhir.Core.Tests.Trajectories;

/// <summary>
/// NHS Talking Therapies Manual: caseness PHQ-9 ≥ 10 and/or GAD-7 ≥ 8 at the first measure; recovery = a case at the
/// first and below both cutoffs at the last; reliable improvement = PHQ-9 fall ≥ 6 or GAD-7 fall ≥ 4 with no reliable
/// rise on the other; reliable recovery = recovery and reliable improvement.
/// </summary>
public class PairedOutcomeCalculatorTests
{
    private static readonly TrajectoryCalculator Calculator = new(new TrajectorySettings());

    private static PairedOutcome? Outcome(int[] phq9, int[] gad7) => PairedOutcomeCalculator.Calculate(
        Calculator.Calculate(new SeriesKey("Patient/p", "phq-9", "total"), TestCatalogue.Phq9, TestCatalogue.Phq9.TotalScale, Points.Weekly(phq9.Select(v => (decimal)v).ToArray())),
        Calculator.Calculate(new SeriesKey("Patient/p", "gad-7", "total"), TestCatalogue.Gad7, TestCatalogue.Gad7.TotalScale, Points.Weekly(gad7.Select(v => (decimal)v).ToArray())));

    [Fact]
    public void Calculate_WhenDepressionRecoversButAnxietyStaysACase_ThenNotRecovered()
    {
        // PHQ-9 16 → 6 (case → not a case, fall 10 ≥ 6); GAD-7 12 → 9 (still ≥ 8 at the last): not below both cutoffs.
        var outcome = Outcome([16, 6], [12, 9])!;

        Assert.True(outcome.CaseAtFirst);
        Assert.False(outcome.Recovery);
        Assert.True(outcome.ReliableImprovement);
        Assert.False(outcome.ReliableRecovery);
    }

    [Fact]
    public void Calculate_WhenBothBelowCutoffsAtLastWithReliableFall_ThenReliableRecovery()
    {
        // PHQ-9 14 → 7 (fall 7 ≥ 6); GAD-7 10 → 7 (7 < 8, fall 3 < 4): recovered, reliably improved on PHQ-9 → reliable recovery.
        var outcome = Outcome([14, 7], [10, 7])!;

        Assert.True(outcome.Recovery);
        Assert.True(outcome.ReliableImprovement);
        Assert.True(outcome.ReliableRecovery);
    }

    [Fact]
    public void Calculate_WhenOneMeasureImprovesAndTheOtherDeteriorates_ThenNeitherReliableImprovementNorDeterioration()
    {
        // PHQ-9 18 → 10 (fall 8 ≥ 6); GAD-7 6 → 12 (rise 6 ≥ 4): a reliable fall with a reliable rise on the other.
        var outcome = Outcome([18, 10], [6, 12])!;

        Assert.False(outcome.ReliableImprovement);
        Assert.False(outcome.ReliableDeterioration);
    }

    [Fact]
    public void Calculate_WhenNotACaseAtFirst_ThenRecoveryDoesNotApply()
    {
        // PHQ-9 8 < 10 and GAD-7 6 < 8 at the first measure: nothing to recover from.
        var outcome = Outcome([8, 3], [6, 2])!;

        Assert.False(outcome.CaseAtFirst);
        Assert.Null(outcome.Recovery);
        Assert.Null(outcome.ReliableRecovery);
    }

    [Fact]
    public void Calculate_WhenAMeasureHasOneScore_ThenNoOutcome() =>
        Assert.Null(Outcome([16], [12, 5]));

    [Fact]
    public void Build_WhenReliableRecovery_ThenObservationIsValidAndCarriesTheStatus()
    {
        var observation = PairedOutcomeObservationBuilder.Build(Outcome([14, 7], [10, 7])!);

        Assert.Empty(observation.Validate());
        var status = ((CodeableConcept)observation.Value!).Coding.Single();
        Assert.Equal((CanonicalUrls.ProjectCodeSystem, "reliable-recovery"), (status.System, status.Code));
        Assert.Equal(2, observation.DerivedFrom.Count);
    }
}
