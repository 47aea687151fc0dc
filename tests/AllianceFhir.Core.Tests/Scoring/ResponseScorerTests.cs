using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Tests.Support;

namespace AllianceFhir.Core.Tests.Scoring;

/// <summary>
/// The scorer reuses its answer dictionary, seen set and issue list on each thread, line after line (issue 12): nothing
/// of one response may show in the next, and nothing returned may change when the next is scored.
/// </summary>
public class ResponseScorerTests
{
    [Fact]
    public void Score_WhenAFullResponseIsFollowedByOneMissingTwoItems_ThenTheSecondIsNotFilledFromTheFirst()
    {
        var scorer = new ResponseScorer(TestCatalogue.Instance);

        // 9 x 3 = 27, then items 4 and 5 skipped: 2 missing > maxMissingItems 1, so no total (not 27 from the first).
        var full = scorer.Score(Responses.Phq9(3, 3, 3, 3, 3, 3, 3, 3, 3));
        var missing = scorer.Score(Responses.Phq9(1, 1, 1, null, null, 1, 1, 1, 1));

        Assert.Equal(27m, full.Total!.Value);
        Assert.True(missing.IsRejected);
        Assert.Empty(missing.Scores);
        var issue = Assert.Single(missing.Issues);
        Assert.Equal("too-many-missing", issue.Code);
        Assert.Contains("2 of 9 items missing", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_WhenTheSameResponseIsScoredTwice_ThenNoDuplicateItemAndTheSameTotal()
    {
        var scorer = new ResponseScorer(TestCatalogue.Instance);
        var response = Responses.Phq9(1, 2, 3, 1, 2, 3, 1, 2, 0);

        var first = scorer.Score(response);
        var second = scorer.Score(response);

        // 1+2+3+1+2+3+1+2+0 = 15 both times; an item seen in the first call is not "seen" in the second.
        Assert.Empty(second.Issues);
        Assert.Equal(15m, first.Total!.Value);
        Assert.Equal(15m, second.Total!.Value);
    }

    [Fact]
    public void Score_WhenARejectedResponseIsFollowedByAGoodOne_ThenTheFirstResultsIssuesAreUnchanged()
    {
        var scorer = new ResponseScorer(TestCatalogue.Instance);

        var rejected = scorer.Score(Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 1).WithItem("1", Responses.Frequency(2)));
        var issues = rejected.Issues.Select(i => (i.Code, i.Location)).ToList();
        var good = scorer.Score(Responses.Gad7(1, 1, 1, 1, 1, 1, 1));

        // Item 1 twice: the duplicate (the tenth item, index 9) rejects the first; GAD-7 7 x 1 = 7 scores cleanly.
        Assert.Equal([("duplicate-item", "QuestionnaireResponse.item[9]")], issues);
        Assert.Equal(issues, rejected.Issues.Select(i => (i.Code, i.Location)));
        Assert.Empty(good.Issues);
        Assert.Equal(7m, good.Total!.Value);
    }
}
