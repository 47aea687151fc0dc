using AllianceFhir.Core.Tests.Support;

namespace AllianceFhir.Core.Tests.Scoring;

/// <summary>
/// GAD-7 totals and bands. Source: Spitzer, Kroenke, Williams &amp; Löwe 2006 — seven items 0–3, total 0–21;
/// bands 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe (docs/domain.md §2). Item 2 uses LOINC LA18938-3
/// "More days than not" for the value 2: score by ordinal value, never by answer code.
/// </summary>
public class Gad7ScoringTests
{
    [Theory]
    // 0 x 7 = 0 -> minimal
    [InlineData(new[] { 0, 0, 0, 0, 0, 0, 0 }, 0, "minimal")]
    // 1+1+1+1+0+0+0 = 4 -> minimal (top of 0-4)
    [InlineData(new[] { 1, 1, 1, 1, 0, 0, 0 }, 4, "minimal")]
    // 1+1+1+1+1+0+0 = 5 -> mild (bottom of 5-9)
    [InlineData(new[] { 1, 1, 1, 1, 1, 0, 0 }, 5, "mild")]
    // 2+1+1+1+1+1+2 = 9 -> mild (top of 5-9)
    [InlineData(new[] { 2, 1, 1, 1, 1, 1, 2 }, 9, "mild")]
    // 2+2+2+1+1+1+1 = 10 -> moderate (bottom of 10-14); item 2 = 2 is LA18938-3
    [InlineData(new[] { 2, 2, 2, 1, 1, 1, 1 }, 10, "moderate")]
    // 2 x 7 = 14 -> moderate (top of 10-14)
    [InlineData(new[] { 2, 2, 2, 2, 2, 2, 2 }, 14, "moderate")]
    // 3+2+2+2+2+2+2 = 15 -> severe (bottom of 15-21)
    [InlineData(new[] { 3, 2, 2, 2, 2, 2, 2 }, 15, "severe")]
    // 3 x 7 = 21 -> severe (highest possible total)
    [InlineData(new[] { 3, 3, 3, 3, 3, 3, 3 }, 21, "severe")]
    public void Score_WhenGad7Complete_ThenTotalIsSumOfOrdinalsInSpitzerBand(int[] answers, int expectedTotal, string expectedBand)
    {
        var result = TestCatalogue.Score(Responses.Gad7(answers.Select(a => (int?)a).ToArray()));

        Assert.False(result.IsRejected);
        Assert.Equal(expectedTotal, result.Total!.Value);
        Assert.Equal(expectedBand, result.Total.Band?.Code);
        Assert.Equal("70274-6", result.Total.Scale.Code.Code);
    }

    [Fact]
    public void Score_WhenItem2AnsweredMoreDaysThanNotLA18938_3_ThenItScores2()
    {
        // Item 2 alone = 2 ("More days than not", LA18938-3, ordinal 2); all other items 0 -> total 0+2+0+0+0+0+0 = 2.
        var response = Responses.Gad7(0, 2, 0, 0, 0, 0, 0);
        Assert.Equal("LA18938-3", Assert.IsType<Hl7.Fhir.Model.Coding>(response.Item[1].Answer[0].Value).Code);

        var result = TestCatalogue.Score(response);

        Assert.False(result.IsRejected);
        Assert.Equal(2m, result.Total!.Value);
    }

    [Fact]
    public void Score_WhenItem2AnsweredMoreThanHalfTheDaysLA6570_1_ThenItAlsoScores2()
    {
        // Other GAD-7 forms (LHC-Forms' LOINC form) answer item 2 from the common list, LA6570-1 "More than half the days".
        // Same ordinal, same score: 0+2+0+0+0+0+0 = 2 (scored by ordinal value, not by code).
        var response = Responses.Gad7(0, 0, 0, 0, 0, 0, 0).WithAnswer("2", Responses.Frequency(2));

        var result = TestCatalogue.Score(response);

        Assert.False(result.IsRejected);
        Assert.Equal(2m, result.Total!.Value);
    }
}
