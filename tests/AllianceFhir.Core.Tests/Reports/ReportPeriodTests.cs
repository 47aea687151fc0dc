using AllianceFhir.Core.Reports;

namespace AllianceFhir.Core.Tests.Reports;

public class ReportPeriodTests
{
    [Theory]
    [InlineData("2026-10", 2026, 10)]
    [InlineData("2027-01", 2027, 1)]
    public void TryParse_WhenYearMonth_ThenPeriod(string text, int year, int month)
    {
        Assert.True(ReportPeriod.TryParse(text, out var p));
        Assert.Equal(new ReportPeriod(year, month), p);
        Assert.Equal(text, p.ToString());
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("10/2026")]
    [InlineData("2026-1")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_WhenNotYearMonth_ThenFalse(string? text) => Assert.False(ReportPeriod.TryParse(text, out _));

    [Fact]
    public void Bounds_WhenDecember_ThenEndIsNextJanuaryAndLastDayThe31st()
    {
        var p = new ReportPeriod(2026, 12);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), p.End);
        Assert.Equal(new DateOnly(2026, 12, 31), p.LastDay);
        Assert.Equal(new ReportPeriod(2026, 11), p.Previous());
        Assert.False(p.Contains(p.End));
    }

    [Theory]
    [InlineData("2012-11-01", "13 under-14")]
    [InlineData("2012-10-31", "14 14-17")]
    [InlineData("2008-11-01", "17 14-17")]
    [InlineData("2008-10-31", "18 18-24")]
    [InlineData("2001-10-31", "25 25-64")]
    [InlineData("1961-10-31", "65 65+")]
    public void AgeBand_AtEndOfOctober2026_ThenBirthdayOnTheLastDayCounts(string birth, string expected)
    {
        var b = DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture);
        var at = new ReportPeriod(2026, 10).LastDay;
        Assert.Equal(expected, $"{AgeBands.Age(b, at)} {AgeBands.For(b, at)}");
    }

    [Fact]
    public void AgeBand_WhenNoBirthDate_ThenUnknown() => Assert.Equal("unknown", AgeBands.For(null, new DateOnly(2026, 10, 31)));
}
