using AllianceFhir.Core.Tests.Support;

namespace AllianceFhir.Core.Tests.Scoring;

/// <summary>
/// Alliance instruments. WAI-SR: Hatcher &amp; Gillaspy 2006 — 12 items 1–5, Task 1,2,10,12; Bond 3,5,7,9; Goal 4,6,8,11;
/// subscales 4–20, total 12–60. SRS: Duncan, Miller et al. 2003 — four 0–10 visual-analogue items, total 0–40.
/// SAI (Falkenström 2015, 6 items; 7 scale points is the profile's unverified default) and D-WAI (Goldberg et al. 2022,
/// 6 items; 5 scale points is the profile's unverified default) are single totals.
/// </summary>
public class AllianceScoringTests
{
    [Fact]
    public void Score_WhenWaiSrComplete_ThenTotalAndHatcherGillaspySubscales()
    {
        // items:  1  2  3  4  5  6  7  8  9 10 11 12
        //         5  4  3  2  4  5  3  4  5  4  3  5
        // task = i1+i2+i10+i12 = 5+4+4+5 = 18
        // bond = i3+i5+i7+i9   = 3+4+3+5 = 15
        // goal = i4+i6+i8+i11  = 2+5+4+3 = 14
        // total = 18+15+14 = 47
        var result = TestCatalogue.Score(Responses.WaiSr(5, 4, 3, 2, 4, 5, 3, 4, 5, 4, 3, 5));

        Assert.False(result.IsRejected);
        Assert.Empty(result.Issues);
        Assert.Equal(47m, result.Total!.Value);
        Assert.Equal(18m, Scale(result, "task"));
        Assert.Equal(15m, Scale(result, "bond"));
        Assert.Equal(14m, Scale(result, "goal"));
        Assert.All(result.Scores, s => Assert.False(s.Prorated));
    }

    [Theory]
    // all 1: subscales 4 x 1 = 4, total 12 x 1 = 12; all 5: subscales 4 x 5 = 20, total 12 x 5 = 60
    [InlineData(1, 4, 12)]
    [InlineData(5, 20, 60)]
    public void Score_WhenWaiSrAllItemsSame_ThenScoresAtRangeEnds(int answer, int subscale, int total)
    {
        var result = TestCatalogue.Score(Responses.WaiSr(Enumerable.Repeat((int?)answer, 12).ToArray()));

        Assert.Equal(total, result.Total!.Value);
        Assert.Equal(subscale, Scale(result, "task"));
        Assert.Equal(subscale, Scale(result, "bond"));
        Assert.Equal(subscale, Scale(result, "goal"));
    }

    [Fact]
    public void Score_WhenSrsDecimalMarks_ThenTotalIsTheirExactSum()
    {
        // 8.5 + 9.2 + 7.8 + 9.0 = 34.5 (below the cutoff 36: Duncan et al. 2003)
        var result = TestCatalogue.Score(Responses.Srs(8.5m, 9.2m, 7.8m, 9.0m));

        Assert.False(result.IsRejected);
        Assert.Equal(34.5m, result.Total!.Value);
        Assert.False(result.Total.Prorated);
    }

    [Theory]
    // 0+0+0+0 = 0 and 10+10+10+10 = 40: both ends of the 10 cm line are valid marks
    [InlineData(0, 0)]
    [InlineData(10, 40)]
    public void Score_WhenSrsMarksAtLineEnds_ThenAccepted(int mark, int total)
    {
        var result = TestCatalogue.Score(Responses.Srs(mark, mark, mark, mark));

        Assert.False(result.IsRejected);
        Assert.Equal(total, result.Total!.Value);
    }

    [Fact]
    public void Score_WhenSaiComplete_ThenTotalIsSumOfSixItems()
    {
        // 7+6+5+7+6+5 = 36
        var result = TestCatalogue.Score(Responses.Sai(7, 6, 5, 7, 6, 5));

        Assert.False(result.IsRejected);
        Assert.Equal(36m, result.Total!.Value);
        Assert.Equal("sai-total", result.Total.Scale.Code.Code);
    }

    [Fact]
    public void Score_WhenDWaiComplete_ThenTotalIsSumOfSixItems()
    {
        // 5+4+3+5+4+3 = 24
        var result = TestCatalogue.Score(Responses.DWai(5, 4, 3, 5, 4, 3));

        Assert.False(result.IsRejected);
        Assert.Equal(24m, result.Total!.Value);
        Assert.Equal("d-wai-total", result.Total.Scale.Code.Code);
    }

    [Fact]
    public void Score_WhenAllianceInstrumentScored_ThenNoSafetySignal()
    {
        // Alliance instruments carry no self-harm item: no Missing safety signal to worry a clinician about.
        var result = TestCatalogue.Score(Responses.WaiSr(4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4));

        Assert.Null(result.Safety);
    }

    private static decimal Scale(AllianceFhir.Core.Scoring.ScoringResult result, string key) =>
        result.Scores.Single(s => s.Scale.Key == key).Value;
}
