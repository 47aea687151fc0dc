using AllianceFhir.Core.Reports;

namespace AllianceFhir.Reports.Tests;

/// <summary>The report on the golden cohort against the figures worked by hand in golden/golden.md.</summary>
public class GoldenReportTests
{
    private static readonly ReportTable Unsuppressed = GoldenCohort.Report(0).Table;
    private static readonly ReportTable Suppressed = GoldenCohort.Report(11).Table;

    private static Indicator Find(string id) => Indicators.All.Single(i => i.Id == id);

    [Theory]
    // Overall (golden.md "Overall")
    [InlineData(null, null, "coverage", 12, 13, "92.3")]
    [InlineData(null, null, "early-coverage", 9, 10, "90.0")]
    [InlineData(null, null, "half-measured", 10, 13, "76.9")]
    [InlineData(null, null, "rupture-rate", 5, 30, "16.7")]
    [InlineData(null, null, "repair-rate", 2, 5, "40.0")]
    [InlineData(null, null, "reliable-improvement", 7, 13, "53.8")]
    [InlineData(null, null, "recovery", 5, 12, "41.7")]
    [InlineData(null, null, "reliable-recovery", 5, 12, "41.7")]
    // By clinic (golden.md "By clinic")
    [InlineData("clinic", "Organization/clinic-a", "coverage", 7, 7, "100.0")]
    [InlineData("clinic", "Organization/clinic-b", "coverage", 4, 5, "80.0")]
    [InlineData("clinic", "unknown", "coverage", 1, 1, "100.0")]
    [InlineData("clinic", "Organization/clinic-a", "rupture-rate", 3, 19, "15.8")]
    [InlineData("clinic", "Organization/clinic-b", "rupture-rate", 1, 9, "11.1")]
    [InlineData("clinic", "unknown", "rupture-rate", 1, 2, "50.0")]
    [InlineData("clinic", "Organization/clinic-a", "repair-rate", 2, 3, "66.7")]
    [InlineData("clinic", "Organization/clinic-b", "repair-rate", 0, 1, "0.0")]
    [InlineData("clinic", "Organization/clinic-a", "reliable-improvement", 3, 7, "42.9")]
    [InlineData("clinic", "Organization/clinic-b", "reliable-improvement", 3, 5, "60.0")]
    // By age band (golden.md "By age band")
    [InlineData("age-band", "14-17", "coverage", 2, 2, "100.0")]
    [InlineData("age-band", "18-24", "coverage", 2, 2, "100.0")]
    [InlineData("age-band", "25-64", "coverage", 5, 6, "83.3")]
    [InlineData("age-band", "65+", "coverage", 2, 2, "100.0")]
    [InlineData("age-band", "unknown", "coverage", 1, 1, "100.0")]
    [InlineData("age-band", "25-64", "reliable-improvement", 4, 6, "66.7")]
    [InlineData("age-band", "65+", "reliable-improvement", 0, 2, "0.0")]
    public void Report_WhenGoldenCohortUnsuppressed_ThenEveryFigureMatchesTheHandWorking(
        string? stratifier, string? stratum, string indicator, int numerator, int denominator, string rate)
    {
        var row = Unsuppressed.Row(Find(indicator), stratifier, stratum);
        Assert.Equal((numerator, denominator, decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture)),
            (row.Numerator.Value, row.Denominator.Value, row.Rate!.Value));
    }

    [Theory]
    [InlineData("PHQ-9", 0.8357, 0.4730, 0.9562, 0.6835, 0.0659, 0.9225)]
    [InlineData("GAD-7", 0.3703, -0.2951, 0.7938, 0.4954, -0.1888, 0.8558)]
    public void Report_WhenGoldenCohort_ThenCorrelationsMatchTheHandWorking(
        string outcome, double pearson, double pearsonLow, double pearsonHigh, double spearman, double spearmanLow, double spearmanHigh)
    {
        var a = Suppressed.Associations.Single(x => x.Outcome == outcome);
        Assert.Equal("11", a.N.Text); // n = 11 is not a small number: shown even with suppression on
        Assert.Equal(pearson, a.Pearson!.R!.Value, 0.0001);
        Assert.Equal(pearsonLow, a.Pearson.Lower!.Value, 0.0001);
        Assert.Equal(pearsonHigh, a.Pearson.Upper!.Value, 0.0001);
        Assert.Equal(spearman, a.Spearman!.R!.Value, 0.0001);
        Assert.Equal(spearmanLow, a.Spearman.Lower!.Value, 0.0001);
        Assert.Equal(spearmanHigh, a.Spearman.Upper!.Value, 0.0001);
    }

    [Fact]
    public void Report_WhenGoldenCohortWithDefaultSuppression_ThenClinicCountsShowLessThan11AndRatesWithheld()
    {
        var overall = Suppressed.Row(Indicators.Coverage);
        Assert.Equal(("12", "13", 92.3m), (overall.Numerator.Text, overall.Denominator.Text, overall.Rate));
        foreach (var clinic in new[] { "Organization/clinic-a", "Organization/clinic-b", "unknown" })
        {
            var row = Suppressed.Row(Indicators.Coverage, "clinic", clinic);
            Assert.Equal("<11", row.Denominator.Text);
            Assert.Null(row.Rate);
        }
        var early = Suppressed.Row(Indicators.EarlyCoverage);
        Assert.Equal(("<11", "<11", (decimal?)null), (early.Numerator.Text, early.Denominator.Text, early.Rate));
    }

    [Fact]
    public void Report_WhenPatientHadNoOctoberSession_ThenNotInAnyPopulation()
    {
        Assert.DoesNotContain(GoldenCohort.Report(0).Report.Patients, p => p.Reference == "Patient/p11");
    }
}
