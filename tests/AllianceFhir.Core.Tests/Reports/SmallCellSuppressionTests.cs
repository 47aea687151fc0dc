using AllianceFhir.Core.Reports;

namespace AllianceFhir.Core.Tests.Reports;

public class SmallCellSuppressionTests
{
    private static PopulationCounts Counts(int active, int covered) => new(active, covered, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private static AllianceReport Report(int suppressBelow, PopulationCounts overall, params StratumCounts[] strata) =>
        new(new ReportPeriod(2026, 10), new ReportSettings { SuppressBelow = suppressBelow }, overall, strata, [], [], []);

    [Fact]
    public void Apply_WhenOneClinicSmall_ThenItAndTheNextSmallestAreSuppressedSoTheTotalRevealsNeither()
    {
        // Active: north 5, south 30, east 20 = total 55. North alone suppressed would be 55 − 30 − 20 = 5.
        var table = SmallCellSuppression.Apply(Report(11, Counts(55, 40),
            new StratumCounts("clinic", "north", Counts(5, 5)),
            new StratumCounts("clinic", "south", Counts(30, 20)),
            new StratumCounts("clinic", "east", Counts(20, 15))));

        var north = table.Row(Indicators.Coverage, "clinic", "north");
        var east = table.Row(Indicators.Coverage, "clinic", "east");
        var south = table.Row(Indicators.Coverage, "clinic", "south");
        Assert.Equal("<11", north.Denominator.Text);
        Assert.Null(north.Denominator.Shown);
        Assert.Null(north.Rate);
        Assert.True(east.Denominator.Suppressed); // complementary: 20 is the next smallest
        Assert.Null(east.Rate);
        Assert.Equal("30", south.Denominator.Text);
        Assert.Equal(66.7m, south.Rate);
        Assert.Equal(72.7m, table.Row(Indicators.Coverage).Rate);
    }

    [Fact]
    public void Apply_WhenTwoStrataSmall_ThenNoComplementaryNeeded()
    {
        var table = SmallCellSuppression.Apply(Report(11, Counts(40, 30),
            new StratumCounts("clinic", "a", Counts(3, 3)),
            new StratumCounts("clinic", "b", Counts(7, 7)),
            new StratumCounts("clinic", "c", Counts(30, 20))));
        Assert.False(table.Row(Indicators.Coverage, "clinic", "c").Denominator.Suppressed);
        Assert.True(table.Row(Indicators.Coverage, "clinic", "a").Denominator.Suppressed);
        Assert.True(table.Row(Indicators.Coverage, "clinic", "b").Denominator.Suppressed);
    }

    [Fact]
    public void Apply_WhenZero_ThenShownAndRateUndefined()
    {
        var table = SmallCellSuppression.Apply(Report(11, Counts(0, 0)));
        var row = table.Row(Indicators.Coverage);
        Assert.Equal("0", row.Denominator.Text);
        Assert.Null(row.Rate);
    }

    [Fact]
    public void Apply_WhenSuppressionOff_ThenSmallCountsShown()
    {
        var table = SmallCellSuppression.Apply(Report(0, Counts(4, 3)));
        Assert.Equal("4", table.Row(Indicators.Coverage).Denominator.Text);
        Assert.Equal(75.0m, table.Row(Indicators.Coverage).Rate);
    }

    [Fact]
    public void Apply_WhenCorrelationOnFewPairs_ThenWithheldWithItsPoints()
    {
        var pairs = new List<(double, double)> { (1, 2), (2, 4), (3, 5), (4, 4), (5, 5) };
        var report = Report(11, Counts(20, 10)) with
        {
            Associations = [new Association("PHQ-9", pairs, Correlation.Pearson(pairs), Correlation.Spearman(pairs))],
        };
        var shown = Assert.Single(SmallCellSuppression.Apply(report).Associations);
        Assert.Equal("<11", shown.N.Text);
        Assert.Null(shown.Pearson);
        Assert.Empty(shown.Pairs);
    }
}
