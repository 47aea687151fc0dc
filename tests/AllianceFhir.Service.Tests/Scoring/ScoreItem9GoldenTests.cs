using AllianceFhir.Core.Resources;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Service.Scoring;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.Testing.Item9;
using Hl7.Fhir.Model;

namespace AllianceFhir.Service.Tests.Scoring;

/// <summary>
/// Issue 9 §4 through <c>score</c>: each golden response is the second line of an ndjson file (so a byte-order mark is
/// mid-file, as in concatenated exports), after an ordinary PHQ-9 with item 9 = 0 for another patient. Expected values
/// are written by hand from the issue's rules: every case with item 9 = 3 gets one stat self-harm Flag for the case's
/// response and patient, with its Provenance, and an issue line naming why it was odd; entered-in-error gets no Flag.
/// </summary>
public sealed class ScoreItem9GoldenTests
{
    private const string Ordinary =
        """{"resourceType":"QuestionnaireResponse","id":"item9-ordinary","questionnaire":"https://alliancefhir.org/fhir/Questionnaire/phq-9","status":"completed","subject":{"reference":"Patient/other"},"authored":"2026-11-20T09:00:00Z","item":[{"linkId":"1","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6569-3"}}]},{"linkId":"9","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6568-5"}}]}]}""";

    private static (string Output, ScoreSummary Summary) Score(TempFolder temp, string name)
    {
        var input = temp.Combine("QuestionnaireResponse.ndjson");
        File.WriteAllText(input, Ordinary + "\n" + Item9Cases.Line(name) + "\n");
        var output = temp.Combine("out");
        var summary = new ScoreRunner(ProfileDirectory.LoadCatalogue(), TimeProvider.System).Run(new ScoreOptions(input, output));
        return (output, summary);
    }

    private static List<OperationOutcome> IssuesOnLine2(string output) =>
        NdjsonFile.Read<OperationOutcome>(Path.Combine(output, "issues.ndjson"))
            .Where(o => o.Issue.All(i => i.Diagnostics!.StartsWith("QuestionnaireResponse.ndjson line 2", StringComparison.Ordinal))).ToList();

    [Theory]
    // case, an issue code its line must carry (what was odd, or how item 9 was read)
    [InlineData("in-progress-3", "status")]
    [InlineData("stopped-3", "status")]
    [InlineData("twice-0-then-3", "safety-item-repeated")]
    [InlineData("value-integer-3", "safety-read-leniently")]
    [InlineData("value-string-nearly-every-day", "safety-read-leniently")]
    [InlineData("nested-in-group", "safety-item-nested")]
    [InlineData("unknown-element", "invalid-resource")]
    [InlineData("unknown-element", "safety-read-from-json")]
    [InlineData("bom", "byte-order-mark")]
    public void Score_WhenItem9IsThreeInAnOddLine_ThenOneStatSafetyFlagWithProvenanceAndAnIssue(string name, string issueCode)
    {
        using var temp = new TempFolder();
        var (output, summary) = Score(temp, name);

        var flag = Assert.Single(NdjsonFile.Read<Flag>(Path.Combine(output, "Flag.ndjson")));
        Assert.Equal("safety-self-harm", flag.Code!.Coding[0].Code);
        Assert.Equal(Item9Cases.Patient, flag.Subject!.Reference);
        Assert.Equal(ResourceIds.For("alert", $"safety|QuestionnaireResponse/{Item9Cases.Id(name)}"), flag.Identifier[0].Value);
        Assert.Contains("'Nearly every day' (3)", flag.Code.Text);
        var provenance = NdjsonFile.Read<Provenance>(Path.Combine(output, "Provenance.ndjson"));
        Assert.Contains(provenance, p => p.Target.Any(t => t.Reference == $"Flag/{flag.Id}")
            && p.Entity.Any(e => e.What?.Reference == $"QuestionnaireResponse/{Item9Cases.Id(name)}"));
        var issues = IssuesOnLine2(output);
        Assert.Contains(issues.SelectMany(o => o.Issue), i => i.Details?.Text == issueCode);
        Assert.Equal(1, summary.SafetySignals);
    }

    [Fact]
    public void Score_WhenEnteredInErrorWithItem9Three_ThenNoFlagAndTheIssueSaysWhy()
    {
        using var temp = new TempFolder();
        var (output, summary) = Score(temp, "entered-in-error-3");

        Assert.False(File.Exists(Path.Combine(output, "Flag.ndjson")));
        Assert.Equal(0, summary.SafetySignals);
        var codes = IssuesOnLine2(output).SelectMany(o => o.Issue).Select(i => i.Details?.Text).ToList();
        Assert.Contains("status", codes);
        Assert.Contains("safety-entered-in-error", codes);
    }

    [Fact]
    public void Score_WhenLineStartsWithByteOrderMark_ThenScoredLikeAnyOther()
    {
        // 8 items answered "Several days" (1) + item 9 "Nearly every day" (3) = 11, moderate (10-14; docs/domain.md §2).
        using var temp = new TempFolder();
        var (output, summary) = Score(temp, "bom");

        Assert.Equal(0, summary.MalformedLines);
        var total = NdjsonFile.Read<Observation>(Path.Combine(output, "Observation.ndjson"))
            .Single(o => o.DerivedFrom.Any(d => d.Reference == $"QuestionnaireResponse/{Item9Cases.Id("bom")}") && o.Code!.Coding[0].Code == "44261-6");
        Assert.Equal(11m, ((Quantity)total.Value!).Value);
    }
}
