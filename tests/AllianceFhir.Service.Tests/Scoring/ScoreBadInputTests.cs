using AllianceFhir.Core.Catalogue;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Service.Scoring;
using AllianceFhir.Service.Tests.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Service.Tests.Scoring;

/// <summary>
/// Issue 10 §2's bad input through <c>score</c>: each is reported in issues.ndjson with file and line, nothing valid
/// around it is lost, and item 9 is never lost. Expected values are written by hand.
/// </summary>
public sealed class ScoreBadInputTests
{
    private const string Phq9 = "https://alliancefhir.org/fhir/Questionnaire/phq-9";

    /// <summary>A PHQ-9 with every item answered <paramref name="each"/> except item 9 = <paramref name="item9"/>.</summary>
    private static string Response(string id, int each, int item9, string subject = "Patient/p1", string authored = "2026-11-20T09:00:00Z", string meta = "")
    {
        string[] codes = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"];
        var items = string.Join(",", Enumerable.Range(1, 9).Select(n =>
            "{\"linkId\":\"" + n + "\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"" + codes[n == 9 ? item9 : each] + "\"}}]}"));
        return $$"""{"resourceType":"QuestionnaireResponse","id":"{{id}}",{{meta}}"questionnaire":"{{Phq9}}","status":"completed","subject":{"reference":"{{subject}}"},"authored":"{{authored}}","item":[{{items}}]}""";
    }

    private static (string Output, ScoreSummary Summary) Score(TempFolder temp, int maxLineBytes = 16 * 1024 * 1024, params string[] lines)
    {
        var input = temp.Combine("in.ndjson");
        File.WriteAllText(input, string.Join("\n", lines) + "\n");
        var output = temp.Combine("out");
        return (output, new ScoreRunner(ProfileDirectory.LoadCatalogue(), TimeProvider.System).Run(new ScoreOptions(input, output, MaxLineBytes: maxLineBytes)));
    }

    private static List<OperationOutcome.IssueComponent> Issues(string output) =>
        File.Exists(Path.Combine(output, "issues.ndjson"))
            ? NdjsonFile.Read<OperationOutcome>(Path.Combine(output, "issues.ndjson")).SelectMany(o => o.Issue).ToList() : [];

    private static List<Observation> Scores(string output) =>
        NdjsonFile.Read<Observation>(Path.Combine(output, "Observation.ndjson"))
            .Where(o => o.Identifier.Any(i => i.System == CanonicalUrls.ScoreIdentifierSystem) && o.Code.Coding.Any(c => c.Code == "44261-6")).ToList();

    private static List<Flag> Flags(string output) =>
        File.Exists(Path.Combine(output, "Flag.ndjson")) ? NdjsonFile.Read<Flag>(Path.Combine(output, "Flag.ndjson")).ToList() : [];

    [Fact]
    public void Run_WhenResourceTypeFoo_ThenIssueNamesLineAndType()
    {
        using var temp = new TempFolder();
        var (output, summary) = Score(temp, lines: [Response("a", 1, 0), """{"resourceType":"Foo","id":"x"}"""]);

        var issue = Assert.Single(Issues(output));
        Assert.Equal("unknown-resource-type", issue.Details!.Text);
        Assert.StartsWith("in.ndjson line 2: resourceType 'Foo'", issue.Diagnostics);
        Assert.Equal(1, summary.ResponsesScored);
    }

    [Fact]
    public void Run_WhenSameResponseTwiceWithSameAnswers_ThenScoredOnceAndAWarning()
    {
        using var temp = new TempFolder();
        var (output, summary) = Score(temp, lines: [Response("a", 1, 0), Response("a", 1, 0)]);

        Assert.Single(Scores(output));
        Assert.Equal(1, summary.ResponsesScored);
        var issue = Assert.Single(Issues(output));
        Assert.Equal("response-duplicate", issue.Details!.Text);
        Assert.Contains("in.ndjson line 1", issue.Diagnostics);
    }

    [Fact]
    public void Run_WhenSameIdWithOtherAnswersAndNoMeta_ThenTheLaterLineWinsAndIsScoredOnce()
    {
        // Line 1: 1 x 8 + 0 = 8; line 2: 2 x 8 + 0 = 16. The later line is kept.
        using var temp = new TempFolder();
        var (output, summary) = Score(temp, lines: [Response("a", 1, 0), Response("a", 2, 0)]);

        var scores = Scores(output);
        Assert.All(scores, s => Assert.Equal(scores[0].Id, s.Id)); // the same fact, written again
        Assert.Equal(16m, ((Quantity)scores[^1].Value!).Value);
        Assert.Equal(1, summary.ResponsesScored);
        var issue = Assert.Single(Issues(output));
        Assert.Equal("response-seen-twice", issue.Details!.Text);
        Assert.Contains("scores from in.ndjson line 1 superseded by this line", issue.Diagnostics);
        Assert.StartsWith("in.ndjson line 2", issue.Diagnostics);
    }

    [Fact]
    public void Run_WhenFirstLineHasTheHigherVersionId_ThenItsScoreIsKeptAndTheSecondReported()
    {
        using var temp = new TempFolder();
        var (output, _) = Score(temp, lines: [Response("a", 1, 0, meta: "\"meta\":{\"versionId\":\"3\"},"), Response("a", 2, 3, meta: "\"meta\":{\"versionId\":\"2\"},")]);

        var score = Assert.Single(Scores(output));
        Assert.Equal(8m, ((Quantity)score.Value!).Value);
        var issue = Assert.Single(Issues(output), i => i.Details!.Text == "response-seen-twice");
        Assert.Contains("scores from in.ndjson line 1 kept, this line superseded (meta.versionId 3 is later than 2)", issue.Diagnostics);
        Assert.Single(Flags(output)); // the superseded version's item 9 = 3 still alerts
    }

    [Fact]
    public void Run_WhenAuthoredYear9999_ThenNoScoreButItem9StillAlerts()
    {
        using var temp = new TempFolder();
        var (output, summary) = Score(temp, lines: [Response("a", 1, 3, authored: "9999-12-31T00:00:00Z")]);

        Assert.False(File.Exists(Path.Combine(output, "Observation.ndjson")) && Scores(output).Count > 0);
        Assert.Contains(Issues(output), i => i.Details!.Text == "authored-implausible" && i.Diagnostics!.StartsWith("in.ndjson line 1"));
        Assert.Single(Flags(output));
        Assert.Equal(0, summary.Trajectories);
    }

    [Fact]
    public void Run_WhenSubjectIsGroup_ThenRejectedAndItem9GoesToReviewByHand()
    {
        using var temp = new TempFolder();
        var (output, _) = Score(temp, lines: [Response("a", 1, 3, subject: "Group/g1")]);

        var issues = Issues(output);
        Assert.Contains(issues, i => i.Details!.Text == "subject-not-patient");
        Assert.Contains(issues, i => i.Details!.Text == "safety-signal-unattributed");
        Assert.Empty(Flags(output));
    }

    [Fact]
    public void Run_WhenEhrTotalIsAStringOr99OrHasNoTime_ThenEachReportedWithItsLine()
    {
        const string head = """{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"subject":{"reference":"Patient/p1"},""";
        using var temp = new TempFolder();
        var (output, summary) = Score(temp, lines: [
            head + "\"id\":\"o1\",\"effectiveDateTime\":\"2026-01-01\",\"valueString\":\"twelve\"}",
            head + "\"id\":\"o2\",\"valueInteger\":12}",
            head + "\"id\":\"o3\",\"effectiveDateTime\":\"2026-01-01\",\"valueInteger\":99}",
        ]);

        var issues = Issues(output).Where(i => i.Details!.Text == "ehr-score-unusable").Select(i => i.Diagnostics).ToList();
        Assert.Equal(3, issues.Count);
        Assert.Equal("in.ndjson line 1 (Observation/o1): EHR score Observation not used: value is a string, not a Quantity or integer", issues[0]);
        Assert.Equal("in.ndjson line 2 (Observation/o2): EHR score Observation not used: effective[x] is missing", issues[1]);
        Assert.Equal("in.ndjson line 3 (Observation/o3): EHR score Observation not used: value 99 is outside 0..27", issues[2]);
        Assert.Equal(0, summary.EhrScoresJoined);
    }

    [Fact]
    public void Run_WhenALineIsOverTheLimitWithItem9Positive_ThenReportedForReviewByHandAlertedAndItsNeighboursScored()
    {
        using var temp = new TempFolder();
        var big = Response("big", 1, 3).Replace("\"status\"", $"\"_pad\":\"{new string('x', 20_000)}\",\"status\"");
        var (output, summary) = Score(temp, 8_000, Response("a", 1, 0), big, Response("b", 2, 0));

        var issue = Assert.Single(Issues(output), i => i.Details!.Text == "line-too-large");
        Assert.StartsWith("in.ndjson line 2 (QuestionnaireResponse/big): the line is", issue.Diagnostics);
        Assert.Contains("review it by hand", issue.Diagnostics);
        Assert.Contains("its safety item was scanned", issue.Diagnostics);
        Assert.Equal(2, summary.ResponsesScored);
        Assert.Equal(1, summary.LinesTooLarge);
        var flag = Assert.Single(Flags(output)); // item 9 = 3 on the over-size line: scanned, never missed
        Assert.Equal("Patient/p1", flag.Subject!.Reference);
    }

    [Theory]
    [InlineData(2, 1)] // 50 MB line, item 9 answered 2 after the padding: one alert
    [InlineData(0, 0)] // the same with item 9 answered 0: none invented
    public void Run_WhenA50MegabyteLineHoldsItem9AfterThePadding_ThenTheScanAlertsOnlyWhenPositive(int item9, int flags)
    {
        using var temp = new TempFolder();
        // The padding (a 50 MB narrative) stands before the items: the scan must stream through it to reach item 9.
        var big = Response("big", 1, item9, subject: "Patient/p-big").Replace("\"item\":",
            $"\"text\":{{\"status\":\"generated\",\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">{new string('x', 50_000_000)}</div>\"}},\"item\":");
        var (output, summary) = Score(temp, lines: [Response("a", 1, 0), big, Response("b", 2, 3, subject: "Patient/p2")]);

        Assert.Contains(Issues(output), i => i.Details!.Text == "line-too-large" && i.Diagnostics!.StartsWith("in.ndjson line 2"));
        Assert.Equal(2, summary.ResponsesScored);
        Assert.Equal(flags, Flags(output).Count(f => f.Subject!.Reference == "Patient/p-big"));
        Assert.Single(Flags(output), f => f.Subject!.Reference == "Patient/p2"); // the valid neighbour's alert is not lost
    }
}
