using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Tests.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Scoring;

/// <summary>
/// PHQ-9 totals and severity bands. Source: Kroenke, Spitzer &amp; Williams 2001 — nine items scored 0–3, total 0–27;
/// bands 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe (docs/domain.md §2).
/// Every vector below is summed by hand in its comment.
/// </summary>
public class Phq9ScoringTests
{
    [Theory]
    // 0+0+0+0+0+0+0+0+0 = 0 -> minimal (lowest possible total)
    [InlineData(new[] { 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 0, "minimal")]
    // 1+1+1+1+0+0+0+0+0 = 4 -> minimal (top of 0-4)
    [InlineData(new[] { 1, 1, 1, 1, 0, 0, 0, 0, 0 }, 4, "minimal")]
    // 1+1+1+1+1+0+0+0+0 = 5 -> mild (bottom of 5-9)
    [InlineData(new[] { 1, 1, 1, 1, 1, 0, 0, 0, 0 }, 5, "mild")]
    // 2+1+1+1+1+1+1+1+0 = 9 -> mild (top of 5-9)
    [InlineData(new[] { 2, 1, 1, 1, 1, 1, 1, 1, 0 }, 9, "mild")]
    // 2+2+1+1+1+1+1+1+0 = 10 -> moderate (bottom of 10-14)
    [InlineData(new[] { 2, 2, 1, 1, 1, 1, 1, 1, 0 }, 10, "moderate")]
    // 2+2+2+2+2+1+1+2+0 = 14 -> moderate (top of 10-14)
    [InlineData(new[] { 2, 2, 2, 2, 2, 1, 1, 2, 0 }, 14, "moderate")]
    // 2+2+2+2+2+2+1+2+0 = 15 -> moderately severe (bottom of 15-19)
    [InlineData(new[] { 2, 2, 2, 2, 2, 2, 1, 2, 0 }, 15, "moderately-severe")]
    // 3+3+2+2+2+2+2+3+0 = 19 -> moderately severe (top of 15-19)
    [InlineData(new[] { 3, 3, 2, 2, 2, 2, 2, 3, 0 }, 19, "moderately-severe")]
    // 3+3+3+2+2+2+2+3+0 = 20 -> severe (bottom of 20-27)
    [InlineData(new[] { 3, 3, 3, 2, 2, 2, 2, 3, 0 }, 20, "severe")]
    // 3 x 9 = 27 -> severe (highest possible total)
    [InlineData(new[] { 3, 3, 3, 3, 3, 3, 3, 3, 3 }, 27, "severe")]
    public void Score_WhenPhq9Complete_ThenTotalIsSumOfOrdinalsInKroenkeBand(int[] answers, int expectedTotal, string expectedBand)
    {
        var result = TestCatalogue.Score(Responses.Phq9(answers.Select(a => (int?)a).ToArray()));

        Assert.False(result.IsRejected);
        var total = Assert.IsType<ScaleScore>(result.Total);
        Assert.Equal(expectedTotal, total.Value);
        Assert.Equal(expectedBand, total.Band?.Code);
        Assert.False(total.Prorated);
        Assert.Equal(9, total.Answered);
    }

    [Fact]
    public void Score_WhenPhq9Complete_ThenOnlyTheTotalScaleIsReportedUnderLoinc44261_6()
    {
        // 1+2+3+0+1+2+3+0+1 = 13
        var result = TestCatalogue.Score(Responses.Phq9(1, 2, 3, 0, 1, 2, 3, 0, 1));

        var score = Assert.Single(result.Scores);
        Assert.Equal("total", score.Scale.Key);
        Assert.Equal(Responses.Loinc, score.Scale.Code.System);
        Assert.Equal("44261-6", score.Scale.Code.Code);
        Assert.Equal(13m, score.Value);
    }

    [Fact]
    public void Score_WhenDifficultyItem10Answered_ThenItDoesNotAddToTheTotal()
    {
        // Kroenke 2001: item 10 (functional difficulty, LOINC 69722-7) is not part of the 0-27 total.
        // Items 1-9: 1 x 9 = 9; item 10 "Extremely difficult" (LA6574-3, ordinal 3) must not make it 12.
        var response = Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 1)
            .WithItem("10", new Coding(Responses.Loinc, "LA6574-3", "Extremely difficult"));

        var result = TestCatalogue.Score(response);

        Assert.False(result.IsRejected);
        Assert.Equal(9m, result.Total!.Value);
    }

    [Fact]
    public void Score_WhenResponseCarriesItsOwnTotalItem_ThenTotalIsRecomputedFromTheAnswers()
    {
        // ADR 0001: the read-only 'total' item is for display; the scorer recomputes it and ignores the submitted value.
        // 2+2+2+2+2+2+2+2+0 = 16, whatever the form claims (3).
        var response = Responses.Phq9(2, 2, 2, 2, 2, 2, 2, 2, 0).WithItem("total", new Integer(3));

        var result = TestCatalogue.Score(response);

        Assert.False(result.IsRejected);
        Assert.Equal(16m, result.Total!.Value);
        Assert.Equal("moderately-severe", result.Total.Band?.Code);
    }

    [Fact]
    public void Score_WhenSymptomItemAnsweredWithADifficultyAnswerCode_ThenRejectedAsAnswerOutOfRange()
    {
        // PHQ-9 items 1-9 take LOINC answer list LL358-3 (LA6568-5, LA6569-3, LA6570-1, LA6571-9). "Somewhat difficult"
        // (LA6573-5) belongs only to the unscored difficulty item 10. Scoring it as "Several days" (1) on item 1 would
        // put a number on an answer the client never gave to that question; it must be rejected like any other code
        // outside the item's answer list (ADR 0001: answers are matched by answer code, then by an ordinalValue on the coding).
        var response = Responses.Phq9(0, 1, 1, 1, 1, 1, 1, 1, 0)
            .WithAnswer("1", new Coding(Responses.Loinc, "LA6573-5", "Somewhat difficult"));

        var result = TestCatalogue.Score(response);

        Assert.True(result.IsRejected);
        var issue = Assert.Single(result.Issues);
        Assert.Equal("answer-out-of-range", issue.Code);
        Assert.Equal("QuestionnaireResponse.item[0].answer[0]", issue.Location);
        Assert.Empty(result.Scores);
    }
}
