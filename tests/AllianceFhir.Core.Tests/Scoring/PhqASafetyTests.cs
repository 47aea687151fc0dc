using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Tests.Support;
using Hl7.Fhir.Model;
using static AllianceFhir.Core.Tests.Support.YoungPeoplesResponses;

namespace AllianceFhir.Core.Tests.Scoring;

/// <summary>
/// The PHQ-A's safety items are read like PHQ-9 item 9 (docs/adr/0001, "Item 9 is read leniently"): item 9 at or above 1
/// "Several days" is positive; GLAD-PC's scoring sheet adds that every "Yes" to the two suicide questions (item 12, serious
/// thoughts of ending life in the past month; item 13, an attempt ever) must be followed up too, so they raise the same alert.
/// </summary>
public class PhqASafetyTests
{
    private static readonly SafetyReader Reader = new(TestCatalogue.Instance);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Score_WhenPhqAItem9AboveZero_ThenSafetyPositiveOnItem9(int item9)
    {
        var result = TestCatalogue.Score(PhqA(0, 0, 0, 0, 0, 0, 0, 0, item9).WithItem("12", YesNo(false)).WithItem("13", YesNo(false)));

        Assert.False(result.IsRejected);
        Assert.Equal(SafetyStatus.Positive, result.Safety?.Status);
        Assert.Equal("9", result.Safety!.Item.LinkId);
        Assert.Equal(item9, result.Safety.Ordinal);
        Assert.True(result.HasPositiveSafetySignal);
    }

    [Fact]
    public void Score_WhenPhqAItem9NotAtAllAndBothSuicideQuestionsNo_ThenNegative()
    {
        // Items 1-8 at 3 (24, severe) but item 9 "Not at all" and "No" twice: no safety signal whatever the total.
        var result = TestCatalogue.Score(PhqA(3, 3, 3, 3, 3, 3, 3, 3, 0).WithItem("12", YesNo(false)).WithItem("13", YesNo(false)));

        Assert.Equal(24m, result.Total!.Value);
        Assert.Equal(SafetyStatus.Negative, result.Safety?.Status);
        Assert.Equal("9", result.Safety!.Item.LinkId);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("13")]
    public void Score_WhenPhqAItem9ZeroButASuicideQuestionYes_ThenSafetyPositiveOnThatQuestion(string linkId)
    {
        var response = PhqA(0, 0, 0, 0, 0, 0, 0, 0, 0).WithItem(linkId, YesNo(true));

        var result = TestCatalogue.Score(response);

        Assert.Equal(SafetyStatus.Positive, result.Safety?.Status);
        Assert.Equal(linkId, result.Safety!.Item.LinkId);
        Assert.Equal(1m, result.Safety.Ordinal);
        Assert.Equal("Yes", result.Safety.AnswerDisplay);
    }

    [Fact]
    public void Score_WhenPhqAItem9ZeroAndBothSuicideQuestionsYes_ThenSafetyPositiveOnTheFirstOfThem()
    {
        // Every safety item is read; the first positive one in the instrument's order (item 12 before 13) is the signal.
        var response = PhqA(0, 0, 0, 0, 0, 0, 0, 0, 0).WithItem("13", YesNo(true)).WithItem("12", YesNo(true));

        var result = TestCatalogue.Score(response);

        Assert.False(result.IsRejected);
        Assert.Empty(result.Issues);
        Assert.Equal(SafetyStatus.Positive, result.Safety?.Status);
        Assert.Equal("12", result.Safety!.Item.LinkId);
    }

    [Fact]
    public void Score_WhenPhqAItem9MissingAndSuicideQuestionsNo_ThenMissingNotNegative()
    {
        // Items 1-8 at 1: 8 over 8 x 9 = 9, prorated; item 9's meaning is not guessed from the other questions.
        var result = TestCatalogue.Score(PhqA(1, 1, 1, 1, 1, 1, 1, 1, null).WithItem("12", YesNo(false)).WithItem("13", YesNo(false)));

        Assert.Equal(9m, result.Total!.Value);
        Assert.Equal(SafetyStatus.Missing, result.Safety?.Status);
        Assert.Equal("9", result.Safety!.Item.LinkId);
    }

    [Fact]
    public void Read_WhenPhqAResponseEnteredInError_ThenSilencedWithAWarning()
    {
        var response = PhqA(0, 0, 0, 0, 0, 0, 0, 0, 2);
        response.Status = QuestionnaireResponse.QuestionnaireResponseStatus.EnteredInError;

        var read = Reader.Read(response);

        Assert.Equal(SafetyStatus.EnteredInError, read.Signal?.Status);
        Assert.Contains(read.Issues, i => i.Code == "safety-entered-in-error");
    }

    [Fact]
    public void ReadUnparsed_WhenPhqAJsonHasAnUnknownElement_ThenItem9StillReadPositive()
    {
        // The strict parser refuses 'mood'; item 9 = LA6571-9 "Nearly every day" (3) is still read from the raw JSON.
        const string json = """
            {"resourceType":"QuestionnaireResponse","id":"r1","mood":"x","status":"completed",
             "questionnaire":"https://alliancefhir.org/fhir/Questionnaire/phq-a","subject":{"reference":"Patient/p1"},
             "authored":"2026-01-05T10:00:00Z",
             "item":[{"linkId":"9","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6571-9"}}]}]}
            """;

        var result = Reader.ReadUnparsed(json, new ScoringIssue(IssueSeverity.Error, "invalid-resource", "unknown element 'mood'", "QuestionnaireResponse"));

        Assert.True(result.IsRejected);
        Assert.Equal("phq-a", result.Instrument!.Id);
        Assert.Equal(SafetyStatus.Positive, result.Safety?.Status);
        Assert.Equal(3m, result.Safety!.Ordinal);
    }

    [Fact]
    public void ForSafety_WhenPhqASuicideQuestionYes_ThenAlertNamesTheInstrumentAndQuestion()
    {
        var result = TestCatalogue.Score(PhqA(0, 0, 0, 0, 0, 0, 0, 0, 0).WithItem("12", YesNo(true)));

        var alert = AlertPlanner.ForSafety(result, "QuestionnaireResponse/r1");

        Assert.NotNull(alert);
        Assert.Equal(AlertKind.Safety, alert.Kind);
        Assert.Contains("(PHQ-A) item 12", alert.Summary);
        Assert.Contains("'Yes'", alert.Summary);
    }
}
