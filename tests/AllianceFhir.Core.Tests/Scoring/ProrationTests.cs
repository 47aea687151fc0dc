using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Tests.Support;

namespace AllianceFhir.Core.Tests.Scoring;

/// <summary>
/// Missing items. docs/domain.md §2: no primary source for "prorate up to 2 of 9 missing"; the project default is to prorate
/// when at most 1 PHQ-9 / GAD-7 item is missing (scale extension maxMissingItems = 1), filling the missing item with the
/// mean of those answered (total = mean × item count), rounded half away from zero to a whole number, and to mark the
/// score as prorated. Above the limit the score is withheld with 'too-many-missing'.
/// </summary>
public class ProrationTests
{
    [Fact]
    public void Score_WhenOnePhq9ItemMissing_ThenTotalIsMeanTimesNineMarkedProrated()
    {
        // Item 5 skipped. Answered: 1+2+3+1+2+3+1+0 = 13 over 8 items; mean 13/8 = 1.625; x 9 = 14.625 -> 15.
        // 15 is "moderately severe" (Kroenke 2001), one band above what the raw sum 13 would suggest.
        var result = TestCatalogue.Score(Responses.Phq9(1, 2, 3, 1, null, 2, 3, 1, 0));

        Assert.False(result.IsRejected);
        var total = result.Total!;
        Assert.Equal(15m, total.Value);
        Assert.True(total.Prorated);
        Assert.Equal(8, total.Answered);
        Assert.Equal(1, total.Missing);
        Assert.Equal("moderately-severe", total.Band?.Code);
    }

    [Fact]
    public void Score_WhenProratedPhq9TotalEndsInAHalf_ThenRoundedHalfAwayFromZero()
    {
        // Item 5 skipped. Answered: 1+1+1+1+0+0+0+0 = 4 over 8; mean 0.5; x 9 = 4.5 -> 5 (half away from zero).
        // Banker's rounding would give 4: "minimal" instead of "mild".
        var result = TestCatalogue.Score(Responses.Phq9(1, 1, 1, 1, null, 0, 0, 0, 0));

        Assert.Equal(5m, result.Total!.Value);
        Assert.Equal("mild", result.Total.Band?.Code);
        Assert.True(result.Total.Prorated);
    }

    [Fact]
    public void Score_WhenItemPresentButUnanswered_ThenItCountsAsMissing()
    {
        // Item 5 sent with no answer is the same as item 5 skipped: 1+1+1+1+1+1+1+1 = 8 over 8; mean 1; x 9 = 9.
        var response = Responses.Phq9(1, 1, 1, 1, null, 1, 1, 1, 1).WithItem("5");

        var result = TestCatalogue.Score(response);

        Assert.False(result.IsRejected);
        Assert.Equal(9m, result.Total!.Value);
        Assert.True(result.Total.Prorated);
        Assert.Equal(1, result.Total.Missing);
    }

    [Fact]
    public void Score_WhenTwoPhq9ItemsMissing_ThenNoTotalAndTooManyMissingError()
    {
        // Items 4 and 5 skipped: 2 missing > maxMissingItems 1 -> the total is withheld, not guessed.
        var result = TestCatalogue.Score(Responses.Phq9(1, 2, 3, null, null, 2, 3, 1, 0));

        Assert.True(result.IsRejected);
        Assert.Null(result.Total);
        Assert.Empty(result.Scores);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(IssueSeverity.Error, issue.Severity);
        Assert.Equal("too-many-missing", issue.Code);
        Assert.Equal("QuestionnaireResponse.item", issue.Location);
    }

    [Fact]
    public void Score_WhenOneGad7ItemMissing_ThenTotalIsMeanTimesSevenMarkedProrated()
    {
        // Item 4 skipped. Answered: 3+2+2+1+1+1 = 10 over 6; mean 1.667; x 7 = 70/6 = 11.67 -> 12 (moderate, Spitzer 2006).
        var result = TestCatalogue.Score(Responses.Gad7(3, 2, 2, null, 1, 1, 1));

        Assert.Equal(12m, result.Total!.Value);
        Assert.True(result.Total.Prorated);
        Assert.Equal("moderate", result.Total.Band?.Code);
    }

    [Fact]
    public void Score_WhenOneWaiSrItemMissing_ThenSubscaleWithheldWithWarningAndTotalProrated()
    {
        // WAI-SR (Hatcher & Gillaspy 2006): Task 1,2,10,12; Bond 3,5,7,9; Goal 4,6,8,11. Total maxMissingItems 1,
        // subscales maxMissingItems 0. Item 4 (goal) skipped:
        //   task = i1+i2+i10+i12 = 5+4+4+5 = 18; bond = i3+i5+i7+i9 = 3+4+3+5 = 15; goal withheld (3 of 4 items).
        //   answered total = 5+4+3+4+5+3+4+5+4+3+5 = 45 over 11 items; x 12 / 11 = 49.09 -> 49, prorated.
        var result = TestCatalogue.Score(Responses.WaiSr(5, 4, 3, null, 4, 5, 3, 4, 5, 4, 3, 5));

        Assert.False(result.IsRejected);
        var total = result.Total!;
        Assert.Equal(49m, total.Value);
        Assert.True(total.Prorated);
        Assert.Equal(18m, result.Scores.Single(s => s.Scale.Key == "task").Value);
        Assert.Equal(15m, result.Scores.Single(s => s.Scale.Key == "bond").Value);
        Assert.DoesNotContain(result.Scores, s => s.Scale.Key == "goal");
        var warning = Assert.Single(result.Issues);
        Assert.Equal(IssueSeverity.Warning, warning.Severity);
        Assert.Equal("too-many-missing", warning.Code);
        Assert.Contains("goal", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    // SRS items are decimals 0..10. With a site allowing one missing: (9.5 + 8.2 + 7.1) x 4 / 3 = 33.0667 -> 33.1, and
    // (9 + 9 + 8) x 4 / 3 = 34.667 -> 34.7: numeric answers keep one decimal even when whole; only coded ones round to 0.
    [InlineData(9.5, 8.2, 7.1, 33.1)]
    [InlineData(9.0, 9.0, 8.0, 34.7)]
    public void Score_WhenNumericItemMissingFromAScaleThatAllowsOne_ThenProratedToOneDecimal(double a, double b, double c, double expected)
    {
        var questionnaires = TestCatalogue.Questionnaires();
        var srs = questionnaires.Single(q => q.Url == Responses.SrsUrl);
        foreach (var extension in Nested(srs.Extension).Where(e => e.Url == "maxMissingItems")) extension.Value = new Hl7.Fhir.Model.Integer(1);
        var scorer = new ResponseScorer(new AllianceFhir.Core.Catalogue.InstrumentCatalogue(questionnaires));

        var result = scorer.Score(Responses.Srs((decimal)a, (decimal)b, (decimal)c, null));

        Assert.False(result.IsRejected);
        Assert.Equal((decimal)expected, result.Total!.Value);
        Assert.True(result.Total.Prorated);
        Assert.Equal(3, result.Total.Answered);
    }

    [Fact]
    public void Score_WhenOneSrsItemMissing_ThenTotalWithheld()
    {
        // SRS (Duncan et al. 2003) has four items; the profile allows none missing (maxMissingItems 0).
        var result = TestCatalogue.Score(Responses.Srs(9m, 9m, null, 9m));

        Assert.True(result.IsRejected);
        Assert.Empty(result.Scores);
        Assert.Equal("too-many-missing", Assert.Single(result.Issues).Code);
    }

    private static IEnumerable<Hl7.Fhir.Model.Extension> Nested(IEnumerable<Hl7.Fhir.Model.Extension> extensions) =>
        extensions.SelectMany(e => Nested(e.Extension).Prepend(e));
}
