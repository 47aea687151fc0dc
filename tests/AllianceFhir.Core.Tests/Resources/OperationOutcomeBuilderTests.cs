using AllianceFhir.Core.Resources;
using AllianceFhir.Core.Scoring;

namespace AllianceFhir.Core.Tests.Resources;

/// <summary>Issue 10 §2: one 10,000-item response gave one OperationOutcome with 9,999 identical issues.</summary>
public class OperationOutcomeBuilderTests
{
    [Fact]
    public void Build_When9999IssuesDifferOnlyInTheItem_ThenOneIssueSaying9998MoreLikeIt()
    {
        var issues = Enumerable.Range(1, 9_999).Select(n => new ScoringIssue(IssueSeverity.Error, "duplicate-item", $"item '{n % 9 + 1}' appears more than once", $"QuestionnaireResponse.item[{n}]"));

        var outcome = OperationOutcomeBuilder.Build("in.ndjson line 1", issues);

        var issue = Assert.Single(outcome.Issue);
        Assert.Equal("in.ndjson line 1: item '2' appears more than once ... and 9,998 more like it", issue.Diagnostics);
    }

    [Fact]
    public void Build_WhenDistinctKindsDiffer_ThenEachKept()
    {
        var outcome = OperationOutcomeBuilder.Build("x", [
            new ScoringIssue(IssueSeverity.Error, "no-subject", "subject is missing", ""),
            new ScoringIssue(IssueSeverity.Error, "duplicate-item", "item '3' appears more than once", ""),
            new ScoringIssue(IssueSeverity.Warning, "duplicate-item", "item '3' appears more than once", ""),
        ]);
        Assert.Equal(3, outcome.Issue.Count);
    }

    [Fact]
    public void Build_When150DistinctKinds_Then100IssuesTheLastSummarising51()
    {
        var issues = Enumerable.Range(0, 150).Select(n => new ScoringIssue(IssueSeverity.Warning, $"code-{n}", "odd", ""));

        var outcome = OperationOutcomeBuilder.Build("x", issues);

        Assert.Equal(100, outcome.Issue.Count);
        Assert.Equal("too-many-issues", outcome.Issue[^1].Details!.Text);
        Assert.Equal("x: and 51 more issues of 51 other kinds, not listed (at most 100 per resource)", outcome.Issue[^1].Diagnostics);
    }
}
