using AllianceFhir.Core.Reports;
using AllianceFhir.Core.Tests.Support;
using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Core.Tests.Reports;

public class PatientFactsCalculatorTests
{
    private static readonly ReportPeriod October = new(2026, 10);
    private static readonly PatientFactsCalculator Calculator = new(TestCatalogue.Instance, new TrajectorySettings(), new ReportSettings());

    private static (SeriesKey, ScorePoint) P(string instrument, int day, decimal value, int month = 10) =>
        (new SeriesKey("Patient/a", instrument, "total"),
         new ScorePoint(new DateTimeOffset(2026, month, day, 10, 0, 0, TimeSpan.Zero), value, $"Observation/{instrument}-{month}-{day}", null, ScoredHere: false));

    private static readonly (SeriesKey, ScorePoint)[] Course =
    [
        P("phq-9", 1, 15), P("gad-7", 1, 10), P("srs", 1, 38),
        P("phq-9", 8, 12), P("gad-7", 8, 9),
        P("phq-9", 15, 8), P("gad-7", 15, 6), P("srs", 15, 39),
        P("srs", 22, 37),
        P("srs", 29, 39),
        P("srs", 5, 20, month: 11), // after the period: ignored
    ];

    [Fact]
    public void Calculate_WhenCourseInPeriod_ThenSessionsAreDaysAndAllianceCountsPerDay()
    {
        var (facts, timeline) = Calculator.Calculate("Patient/a", null, Course, October);
        Assert.Equal(5, facts.SessionsInPeriod);
        Assert.Equal(4, facts.MeasuredSessionsInPeriod);
        Assert.True(facts.HalfMeasured);
        Assert.True(facts.EarlyEligible);
        Assert.True(facts.EarlyMeasured);
        Assert.Equal(95m, facts.EarlyAlliancePomp); // SRS 38 of 0–40
        Assert.Equal(5, timeline.Sessions.Count);
    }

    [Fact]
    public void Calculate_WhenSrsDropsAndReturns_ThenOneRuptureRepairedAndLaterPointIgnored()
    {
        // SRS 38, 39, 37, 39: the 1-point drop (PCOMS) opens at 37 and is repaired at 39; November's 20 is after the period.
        var (facts, _) = Calculator.Calculate("Patient/a", null, Course, October);
        Assert.Equal(1, facts.Ruptures);
        Assert.Equal(1, facts.RupturesRepaired);
    }

    [Fact]
    public void Calculate_WhenPhqAndGadFallBeyondThresholds_ThenReliablyRecovered()
    {
        // PHQ-9 15 → 8 (≥ 6, case → not), GAD-7 10 → 6 (≥ 4, case → not): NHS Talking Therapies reliable recovery.
        var (facts, _) = Calculator.Calculate("Patient/a", null, Course, October);
        Assert.True(facts.OutcomeCohort);
        Assert.True(facts.CaseAtFirst);
        Assert.True(facts.ReliableImprovement);
        Assert.True(facts.Recovery);
        Assert.True(facts.ReliableRecovery);
        Assert.Equal(7m, facts.Phq9Improvement);
        Assert.Equal(4m, facts.Gad7Improvement);
    }

    [Fact]
    public void Calculate_WhenLastOutcomeMeasureBeforePeriod_ThenNotInOutcomeCohortNorActive()
    {
        var (facts, _) = Calculator.Calculate("Patient/a", null, Course.Where(c => c.Item2.When.Month == 10).ToList(), new ReportPeriod(2026, 11));
        Assert.False(facts.Active);
        Assert.False(facts.OutcomeCohort);
    }

    [Fact]
    public void Calculate_WhenDemographicsKnown_ThenStrataFromThem()
    {
        var patient = new ReportPatient("Patient/a", new DateOnly(2008, 1, 2), "Organization/north", "Practitioner/p1", "youth", "digital");
        var (facts, _) = Calculator.Calculate("Patient/a", patient, Course, October);
        Assert.Equal("18-24", facts.Strata[Stratifier.AgeBand]);
        Assert.Equal("Organization/north", facts.Strata[Stratifier.Clinic]);
        Assert.Equal("digital", facts.Strata[Stratifier.DeliveryMode]);
    }
}
