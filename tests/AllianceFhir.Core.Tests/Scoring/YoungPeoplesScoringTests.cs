using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Tests.Support;
using static AllianceFhir.Core.Tests.Support.YoungPeoplesResponses;

namespace AllianceFhir.Core.Tests.Scoring;

/// <summary>
/// Golden vectors for the young people's pack (docs/domain.md §2), each worked by hand from the published rule:
/// PHQ-A items 1–9 summed 0–27 with the PHQ-9 bands (GLAD-PC scoring sheet); RCADS-25 depression = items 1, 4, 8, 10, 13,
/// 15, 16, 19, 21, 24, anxiety = the other 15, total = all 25 (Ebesutani et al. 2012; raw scores, no T-scores); YP-CORE
/// clinical score = item mean × 10 with items 3, 5 and 10 reversed (CORE System Trust); CORS / CSRS = sum of four 0–10 marks.
/// </summary>
public class YoungPeoplesScoringTests
{
    [Fact]
    public void Score_WhenPhqAComplete_ThenTotalOfItems1To9WithPhq9Band()
    {
        // items 1..9: 2+1+3+0+1+2+1+0+0 = 10 -> "moderate" (10-14); caseness needs >= 11 (GLAD-PC: > 10), so not a case.
        var response = PhqA(2, 1, 3, 0, 1, 2, 1, 0, 0)
            .WithItem("10", YesNo(true)).WithItem("11", new Hl7.Fhir.Model.Coding(Responses.Loinc, "LA6575-0", "Very difficult"))
            .WithItem("12", YesNo(false)).WithItem("13", YesNo(false));

        var result = TestCatalogue.Score(response);

        Assert.False(result.IsRejected);
        Assert.Equal("phq-a", result.Instrument!.Id);
        // Items 10-13 are asked, not scored: "Yes" to item 10 and "Very difficult" (2) on item 11 add nothing.
        Assert.Equal(10m, result.Total!.Value);
        Assert.Equal("moderate", result.Total.Band?.Code);
        Assert.Equal("phq-a-total", result.Total.Scale.Code.Code);
        Assert.False(result.Instrument.FindCutoff("total", CutoffKind.Caseness)!.IsMetBy(result.Total.Value));
    }

    [Fact]
    public void Score_WhenPhqAItem5Missing_ThenProratedLikePhq9()
    {
        // Item 5 skipped: 1+2+3+1+2+3+1+0 = 13 over 8; mean 1.625; x 9 = 14.625 -> 15 ("moderately severe"); a case (>= 11).
        var result = TestCatalogue.Score(PhqA(1, 2, 3, 1, null, 2, 3, 1, 0));

        Assert.Equal(15m, result.Total!.Value);
        Assert.True(result.Total.Prorated);
        Assert.Equal("moderately-severe", result.Total.Band?.Code);
        Assert.True(result.Instrument!.FindCutoff("total", CutoffKind.Caseness)!.IsMetBy(15m));
    }

    [Theory]
    [InlineData(Rcads25Url, "rcads-25")]
    [InlineData(RcadsP25Url, "rcads-p-25")]
    public void Score_WhenRcads25Complete_ThenAnxietyDepressionAndTotalRawScores(string url, string id)
    {
        // answer to item i = i mod 4:
        //  i:  1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25
        //  a:  1 2 3 0 1 2 3 0 1  2  3  0  1  2  3  0  1  2  3  0  1  2  3  0  1
        // depression (1,4,8,10,13,15,16,19,21,24) = 1+0+0+2+1+3+0+3+1+0 = 11
        // anxiety (2,3,5,6,7,9,11,12,14,17,18,20,22,23,25) = 2+3+1+2+3+1+3+0+2+1+2+0+2+3+1 = 26
        // total = 6 cycles of (1+2+3+0) + item 25 (1) = 37 = 11 + 26
        var answers = Enumerable.Range(1, 25).Select(i => (int?)(i % 4)).ToArray();

        var result = TestCatalogue.Score(Rcads(url, answers));

        Assert.False(result.IsRejected);
        Assert.Equal(id, result.Instrument!.Id);
        Assert.Equal(37m, result.Total!.Value);
        Assert.Equal(11m, Scale(result, "depression"));
        Assert.Equal(26m, Scale(result, "anxiety"));
        Assert.Equal($"{id}-depression", result.Scores.Single(s => s.Scale.Key == "depression").Scale.Code.Code);
        // Raw scores only: no band (T-scores need the developers' grade and sex norms, not shipped).
        Assert.All(result.Scores, s => Assert.Null(s.Band));
    }

    [Theory]
    // all "never" (0): 0 / 0 / 0; all "always" (3): depression 10 x 3 = 30, anxiety 15 x 3 = 45, total 75
    [InlineData(0, 0, 0, 0)]
    [InlineData(3, 30, 45, 75)]
    public void Score_WhenRcads25AllSame_ThenScoresAtRangeEnds(int answer, int depression, int anxiety, int total)
    {
        var result = TestCatalogue.Score(Rcads(Rcads25Url, Enumerable.Repeat((int?)answer, 25).ToArray()));

        Assert.Equal((depression, anxiety, total), ((int)Scale(result, "depression"), (int)Scale(result, "anxiety"), (int)result.Total!.Value));
    }

    [Fact]
    public void Score_WhenRcads25ItemMissing_ThenScoresWithheldNotGuessed()
    {
        // Item 1 (depression) skipped: no proration rule was found for the RCADS-25, so maxMissingItems is 0 and the
        // response is refused with 'too-many-missing' rather than a guessed total.
        var answers = Enumerable.Repeat((int?)2, 25).ToArray();
        answers[0] = null;

        var result = TestCatalogue.Score(Rcads(Rcads25Url, answers));

        Assert.True(result.IsRejected);
        Assert.Empty(result.Scores);
        Assert.Contains(result.Issues, i => i.Code == "too-many-missing");
    }

    [Fact]
    public void Score_WhenYpCoreComplete_ThenClinicalScoreIsSumWithItems3And5And10Reversed()
    {
        // positions (1 = leftmost) and item scores; items 3, 5, 10 score 5 - position, the others position - 1:
        //  item:     1 2 3 4 5 6 7 8 9 10
        //  position: 1 2 3 4 5 1 2 3 4 5
        //  score:    0 1 2 3 0 0 1 2 3 0   -> sum 12; mean 1.2 x 10 = 12
        var result = TestCatalogue.Score(YpCore(1, 2, 3, 4, 5, 1, 2, 3, 4, 5));

        Assert.False(result.IsRejected);
        Assert.Equal(12m, result.Total!.Value);
        Assert.Equal("yp-core-total", result.Total.Scale.Code.Code);
        Assert.False(result.Total.Prorated);
    }

    [Theory]
    // all leftmost: 7 items x 0 + items 3, 5, 10 x 4 = 12; all rightmost: 7 x 4 + 3 x 0 = 28
    [InlineData(1, 12)]
    [InlineData(5, 28)]
    public void Score_WhenYpCoreSamePositionEverywhere_ThenReversedItemsPullTheOtherWay(int position, int expected)
    {
        var result = TestCatalogue.Score(YpCore(Enumerable.Repeat((int?)position, 10).ToArray()));

        Assert.Equal(expected, result.Total!.Value);
    }

    [Fact]
    public void Score_WhenOneYpCoreItemMissing_ThenProratedToAWholeNumber()
    {
        // Item 10 skipped; items 1-9 as above: 0+1+2+3+0+0+1+2+3 = 12 over 9; CST clinical score = mean x 10 = 13.33.
        // The engine prorates coded items to a whole number (ResponseScorer): 13, marked prorated. Two missing: withheld.
        var one = TestCatalogue.Score(YpCore(1, 2, 3, 4, 5, 1, 2, 3, 4, null));
        var two = TestCatalogue.Score(YpCore(1, 2, 3, 4, 5, 1, 2, 3, null, null));

        Assert.Equal(13m, one.Total!.Value);
        Assert.True(one.Total.Prorated);
        Assert.True(two.IsRejected);
        Assert.Null(two.Total);
    }

    [Fact]
    public void Score_WhenCorsBelow32_ThenClinicalRange()
    {
        // 7.5 + 8.0 + 6.5 + 9.0 = 31.0 < 32 (CORS clinical cut-off, Duncan et al. 2006); 8 + 8 + 8 + 8 = 32 is not below it.
        var low = TestCatalogue.Score(VisualAnalogue(CorsUrl, 7.5m, 8.0m, 6.5m, 9.0m));
        var at = TestCatalogue.Score(VisualAnalogue(CorsUrl, 8m, 8m, 8m, 8m));
        var caseness = TestCatalogue.Instance.FindById("cors")!.FindCutoff("total", CutoffKind.Caseness)!;

        Assert.Equal(31.0m, low.Total!.Value);
        Assert.True(caseness.IsMetBy(low.Total.Value));
        Assert.Equal(32m, at.Total!.Value);
        Assert.False(caseness.IsMetBy(at.Total.Value));
    }

    [Fact]
    public void Score_WhenCsrsBelow36_ThenAllianceConcern()
    {
        // 9.0 + 9.5 + 8.5 + 8.0 = 35.0 < 36 (the SRS cut-off applied to the CSRS; unverified for the CSRS).
        var result = TestCatalogue.Score(VisualAnalogue(CsrsUrl, 9.0m, 9.5m, 8.5m, 8.0m));

        Assert.Equal(35.0m, result.Total!.Value);
        Assert.Equal("csrs-total", result.Total.Scale.Code.Code);
        Assert.True(result.Instrument!.FindCutoff("total", CutoffKind.AllianceConcern)!.IsMetBy(35.0m));
    }

    [Fact]
    public void Score_WhenCorsMarkMissing_ThenWithheld()
    {
        // Like the SRS, no visual-analogue mark may be missing (maxMissingItems 0).
        var result = TestCatalogue.Score(VisualAnalogue(CorsUrl, 7m, null, 6m, 9m));

        Assert.True(result.IsRejected);
        Assert.Null(result.Total);
    }

    private static decimal Scale(ScoringResult result, string key) => result.Scores.Single(s => s.Scale.Key == key).Value;
}
