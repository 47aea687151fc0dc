using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Pipeline;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Tests.Support;
using AllianceFhir.Core.Trajectories;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Core.Tests.Scoring;

/// <summary>
/// Issue 9 §4 "never missed, never invented", in Core: each golden response (Scoring/TestFiles/item9) goes through
/// ScoringRun as a reader would hand it over: parsed strictly when it parses, else as raw JSON. Rule (issue 9 §2, §4;
/// docs/domain.md §7): a positive item 9 that can be read at all is alerted, whatever else is wrong; only entered-in-error
/// silences it. Expected values are written from those rules by hand.
/// <para>
/// The second set: YP-CORE item 4, the single risk-to-self item ("I've thought of hurting myself", 0 "Not at all" to 4
/// "Most or all of the time", not reversed; docs/domain.md §2, young people's pack), is read like PHQ-9 item 9: any answer
/// above 0 raises the stat safety alert, 0 raises none, a missing item 4 is reported as missing and never prorated into a
/// "no". Golden responses under Scoring/TestFiles/yp-core-item4, every other item at response position 2. Expected values
/// are worked by hand: items 1, 2, 6-9 at position 2 score 1 each (6), items 3, 5, 10 are reversed, position 2 scores 3 each (9).
/// </para>
/// </summary>
public class Item9GoldenTests
{
    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    private static ResponseOutcome Run(string name) => Read(Item9Fixtures.Line(name));

    private static ResponseOutcome RunYpCoreItem4(string name) => Read(File.ReadAllText(Path.Combine(Item9Fixtures.YpCoreItem4Folder, name + ".json")));

    /// <summary>As a reader hands a response over: parsed strictly when it parses, else as raw JSON.</summary>
    private static ResponseOutcome Read(string line)
    {
        var run = new ScoringRun(TestCatalogue.Instance, new TrajectorySettings());
        try
        {
            return run.AddResponse((QuestionnaireResponse)Strict.DeserializeResource(line));
        }
        catch (Exception e) when (e is DeserializationFailedException or System.Text.Json.JsonException)
        {
            return run.AddUnparsedResponse(line, new ScoringIssue(IssueSeverity.Error, "invalid-resource", e.Message, "QuestionnaireResponse"));
        }
    }

    [Theory]
    // case file, the issue codes it must report (the response's own defect, then how item 9 was read)
    [InlineData("in-progress-3", new[] { "status" })]
    [InlineData("stopped-3", new[] { "status" })]
    [InlineData("twice-0-then-3", new[] { "duplicate-item", "safety-item-repeated" })]
    [InlineData("value-integer-3", new[] { "answer-wrong-type", "safety-read-leniently" })]
    [InlineData("value-string-nearly-every-day", new[] { "answer-wrong-type", "safety-read-leniently" })]
    [InlineData("nested-in-group", new[] { "unknown-item", "safety-item-nested" })]
    [InlineData("unknown-element", new[] { "invalid-resource", "safety-read-from-json" })]
    [InlineData("bom", new[] { "invalid-resource", "safety-read-from-json" })]
    public void AddResponse_WhenItem9IsThreeInAnOddResponse_ThenRejectedWithIssuesAndStatSafetyAlert(string name, string[] codes)
    {
        var outcome = Run(name);

        Assert.True(outcome.Result.IsRejected);
        Assert.Empty(outcome.Scores);
        foreach (var code in codes) Assert.Contains(outcome.Result.Issues, i => i.Code == code);
        Assert.Equal(SafetyStatus.Positive, outcome.Result.Safety?.Status);
        Assert.Equal(3m, outcome.Result.Safety!.Ordinal);
        var alert = Assert.IsType<AlertIntent>(outcome.SafetyAlert);
        Assert.Equal(AlertKind.Safety, alert.Kind);
        Assert.Equal(AlertPriority.Stat, alert.Priority);
        Assert.Equal(Item9Fixtures.Patient, alert.PatientReference);
        Assert.Equal([Item9Fixtures.ResponseReference(name)], alert.Evidence);
        // LOINC LA6571-9 "Nearly every day" is ordinal 3 (docs/domain.md §2): the alert says what the client answered.
        Assert.Contains("answered 'Nearly every day' (3)", alert.Summary);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), alert.OccurredAt);
    }

    [Fact]
    public void AddResponse_WhenEnteredInErrorWithItem9Three_ThenNoAlertButAnIssueSaysWhy()
    {
        var outcome = Run("entered-in-error-3");

        Assert.Null(outcome.SafetyAlert);
        Assert.Equal(SafetyStatus.EnteredInError, outcome.Result.Safety?.Status);
        Assert.False(outcome.Result.HasPositiveSafetySignal);
        Assert.Contains(outcome.Result.Issues, i => i.Code == "status" && i.Severity == IssueSeverity.Error);
        var silenced = Assert.Single(outcome.Result.Issues, i => i.Code == "safety-entered-in-error");
        Assert.Equal(IssueSeverity.Warning, silenced.Severity);
        Assert.Contains("answered 3", silenced.Message);
    }

    [Fact]
    public void AddUnparsedResponse_WhenEnteredInErrorJsonWithUnknownElementAndItem9Three_ThenStillNoAlert()
    {
        // Both at once: the raw-JSON path honours entered-in-error too.
        var line = Item9Fixtures.Line("unknown-element").Replace("\"status\":\"completed\"", "\"status\":\"entered-in-error\"", StringComparison.Ordinal);
        var run = new ScoringRun(TestCatalogue.Instance, new TrajectorySettings());

        var outcome = run.AddUnparsedResponse(line, new ScoringIssue(IssueSeverity.Error, "invalid-resource", "unknown element", "QuestionnaireResponse"));

        Assert.Null(outcome.SafetyAlert);
        Assert.Equal(SafetyStatus.EnteredInError, outcome.Result.Safety?.Status);
    }

    [Fact]
    public void AddResponse_WhenOrdinaryResponseWithItem9Three_ThenScoredWithAlertAndNoSafetyIssue()
    {
        // The BOM case's body without its BOM is an ordinary completed PHQ-9: 8 x 1 + 3 = 11, alert, nothing to report.
        var line = Item9Fixtures.Line("bom").TrimStart('\uFEFF');
        var run = new ScoringRun(TestCatalogue.Instance, new TrajectorySettings());

        var outcome = run.AddResponse((QuestionnaireResponse)Strict.DeserializeResource(line));

        Assert.False(outcome.Result.IsRejected);
        Assert.Empty(outcome.Result.Issues);
        Assert.Equal(11m, outcome.Result.Total!.Value);
        Assert.NotNull(outcome.SafetyAlert);
    }

    // YP-CORE item 4 (the second set, see the summary).

    [Fact]
    public void AddResponse_WhenYpCoreItem4OnlyOccasionally_ThenScoredAndStatSafetyAlertOnItem4()
    {
        var outcome = RunYpCoreItem4("positive");

        Assert.False(outcome.Result.IsRejected);
        Assert.Equal(16m, outcome.Result.Total!.Value); // 6 + 9 + item 4 at 1
        Assert.Equal(SafetyStatus.Positive, outcome.Result.Safety?.Status);
        Assert.Equal("4", outcome.Result.Safety!.Item.LinkId);
        Assert.Equal(1m, outcome.Result.Safety.Ordinal);
        var alert = Assert.IsType<AlertIntent>(outcome.SafetyAlert);
        Assert.Equal(AlertKind.Safety, alert.Kind);
        Assert.Equal(AlertPriority.Stat, alert.Priority);
        Assert.Equal(Item9Fixtures.YpCoreItem4Patient, alert.PatientReference);
        Assert.Equal(["QuestionnaireResponse/yp-core-item4-positive"], alert.Evidence);
        Assert.Contains("YP-CORE", alert.Summary);
        Assert.Contains("item 4", alert.Summary);
    }

    [Fact]
    public void AddResponse_WhenYpCoreItem4NotAtAll_ThenScoredWithoutAlert()
    {
        var outcome = RunYpCoreItem4("zero");

        Assert.False(outcome.Result.IsRejected);
        Assert.Equal(15m, outcome.Result.Total!.Value);
        Assert.Equal(SafetyStatus.Negative, outcome.Result.Safety?.Status);
        Assert.Equal("4", outcome.Result.Safety!.Item.LinkId);
        Assert.Null(outcome.SafetyAlert);
    }

    [Fact]
    public void AddResponse_WhenYpCoreItem4Missing_ThenTotalProratedButSafetyMissingNotNegative()
    {
        var outcome = RunYpCoreItem4("missing");

        // Nine items, 15 over 9, x 10 = 16.7, prorated to 17 (CST: up to one missing item); item 4's meaning is not guessed.
        Assert.Equal(17m, outcome.Result.Total!.Value);
        Assert.True(outcome.Result.Total.Prorated);
        Assert.Equal(SafetyStatus.Missing, outcome.Result.Safety?.Status);
        Assert.Equal("4", outcome.Result.Safety!.Item.LinkId);
        Assert.False(outcome.Result.HasPositiveSafetySignal);
        Assert.Null(outcome.SafetyAlert);
    }
}
