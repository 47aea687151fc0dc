using AllianceFhir.Core.Reports;
using AllianceFhir.Core.Tests.Support;
using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Core.Tests.Reports;

public class ReportCalculatorTests
{
    private static (SeriesKey, ScorePoint) P(string patient, string instrument, int month, int day, decimal value) =>
        (new SeriesKey(patient, instrument, "total"),
         new ScorePoint(new DateTimeOffset(2026, month, day, 9, 0, 0, TimeSpan.Zero), value, $"Observation/{patient}-{instrument}-{month}-{day}", null, ScoredHere: false));

    private static AllianceReport Calculate(params (SeriesKey, ScorePoint)[] points)
    {
        var patients = new Dictionary<string, ReportPatient>
        {
            ["Patient/a"] = new("Patient/a", new DateOnly(2010, 1, 1), "Organization/north", null, "youth", "digital"),
        };
        return new ReportCalculator(TestCatalogue.Instance, new TrajectorySettings(), new ReportSettings { SuppressBelow = 0, TrendMonths = 3 })
            .Calculate(new ReportPeriod(2026, 10), points.GroupBy(p => p.Item1.PatientReference), patients);
    }

    [Fact]
    public void Calculate_WhenPatientsSeenInDifferentMonths_ThenTrendCountsEachMonthAndOnlyOctoberIsActive()
    {
        var report = Calculate(
            P("Patient/a", "phq-9", 8, 3, 12), P("Patient/a", "srs", 9, 3, 38), P("Patient/a", "phq-9", 10, 3, 10),
            P("Patient/b", "phq-9", 9, 10, 14), P("Patient/b", "gad-7", 9, 10, 9));

        Assert.Equal(["2026-08 1/0", "2026-09 2/1", "2026-10 1/0"], report.Trend.Select(t => $"{t.Month} {t.Active}/{t.Covered}"));
        Assert.Equal(1, report.Overall.Active);
        Assert.Equal(0, report.Overall.Covered);
        Assert.Equal("Patient/a", Assert.Single(report.Patients).Reference);
    }

    [Fact]
    public void Calculate_WhenOnePatientWithAndOneWithoutDemographics_ThenStrataSplitIntoKnownAndUnknown()
    {
        var report = Calculate(P("Patient/a", "srs", 10, 1, 38), P("Patient/b", "srs", 10, 2, 30));

        var clinics = report.Strata.Where(s => s.Stratifier == Stratifier.Clinic).Select(s => $"{s.Value}:{s.Counts.Active}");
        Assert.Equal(["Organization/north:1", "unknown:1"], clinics);
        var ages = report.Strata.Where(s => s.Stratifier == Stratifier.AgeBand).Select(s => s.Value);
        Assert.Equal(["14-17", "unknown"], ages); // born 2010-01-01: 16 on 2026-10-31
        Assert.Equal(1, report.Overall.Ruptures); // SRS 30 < 36 (PCOMS cutoff) for Patient/b
    }
}
