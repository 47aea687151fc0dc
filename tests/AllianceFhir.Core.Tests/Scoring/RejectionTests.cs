using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Tests.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Scoring;

/// <summary>
/// A response the engine cannot score correctly is rejected: no score is written, and the issue names a stable code and
/// the FHIRPath location, so whoever fixes the form or the feed knows where to look.
/// </summary>
public class RejectionTests
{
    [Fact]
    public void Score_WhenQuestionnaireNotInCatalogue_ThenRejectedUnknownQuestionnaire()
    {
        var response = Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 0);
        response.Questionnaire = "https://example.org/fhir/Questionnaire/not-ours";

        var result = TestCatalogue.Score(response);

        AssertOnlyError(result, "unknown-questionnaire", "QuestionnaireResponse.questionnaire");
        Assert.Null(result.Instrument);
    }

    [Fact]
    public void Score_WhenStatusInProgress_ThenRejectedStatus()
    {
        var response = Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 0);
        response.Status = QuestionnaireResponse.QuestionnaireResponseStatus.InProgress;

        AssertOnlyError(TestCatalogue.Score(response), "status", "QuestionnaireResponse.status");
    }

    [Fact]
    public void Score_WhenStatusAmended_ThenScored()
    {
        // An amended response is a finished response: 1 x 8 + 0 = 8.
        var response = Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 0);
        response.Status = QuestionnaireResponse.QuestionnaireResponseStatus.Amended;

        var result = TestCatalogue.Score(response);

        Assert.False(result.IsRejected);
        Assert.Equal(8m, result.Total!.Value);
    }

    [Fact]
    public void Score_WhenNoSubject_ThenRejectedNoSubject()
    {
        var response = Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 0);
        response.Subject = null;

        AssertOnlyError(TestCatalogue.Score(response), "no-subject", "QuestionnaireResponse.subject");
    }

    [Fact]
    public void Score_WhenNoAuthoredDate_ThenRejectedNoAuthored()
    {
        var response = Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 0);
        response.AuthoredElement = null;

        AssertOnlyError(TestCatalogue.Score(response), "no-authored", "QuestionnaireResponse.authored");
    }

    [Fact]
    public void Score_WhenLinkIdNotInInstrument_ThenRejectedUnknownItemAtThatItem()
    {
        // Items "1".."9" are item[0]..item[8]; the stray '99' is item[9].
        var response = Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 0).WithItem("99", Responses.Frequency(1));

        AssertOnlyError(TestCatalogue.Score(response), "unknown-item", "QuestionnaireResponse.item[9]");
    }

    [Fact]
    public void Score_WhenItemRepeated_ThenRejectedDuplicateItemAtTheSecondCopy()
    {
        // Item 3 answered twice with different values (1 then 2): neither can be trusted.
        var response = Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 0).WithItem("3", Responses.Frequency(2));

        AssertOnlyError(TestCatalogue.Score(response), "duplicate-item", "QuestionnaireResponse.item[9]");
    }

    [Fact]
    public void Score_WhenAnswerCodeNotInAnswerList_ThenRejectedAnswerOutOfRange()
    {
        var response = Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 0)
            .WithAnswer("3", new Coding(Responses.Loinc, "LA9999-9", "Not a PHQ answer"));

        AssertOnlyError(TestCatalogue.Score(response), "answer-out-of-range", "QuestionnaireResponse.item[2].answer[0]");
    }

    [Fact]
    public void Score_WhenSrsMarkIs10Point5_ThenRejectedAnswerOutOfRange()
    {
        // Duncan et al. 2003: each SRS item is a mark on a 10 cm line, 0..10. 10.5 cannot be a valid mark.
        var response = Responses.Srs(9m, 10.5m, 9m, 9m);

        AssertOnlyError(TestCatalogue.Score(response), "answer-out-of-range", "QuestionnaireResponse.item[1].answer[0]");
    }

    [Fact]
    public void Score_WhenChoiceItemAnsweredWithText_ThenRejectedAnswerWrongType()
    {
        // valueString "Several days" on a choice item: the words are not scored, only the coded ordinal.
        var response = Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 0).WithAnswer("3", new FhirString("Several days"));

        AssertOnlyError(TestCatalogue.Score(response), "answer-wrong-type", "QuestionnaireResponse.item[2].answer[0]");
    }

    [Fact]
    public void Score_WhenItemHasTwoAnswers_ThenRejectedMultipleAnswers()
    {
        var response = Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 0).WithAnswer("3", Responses.Frequency(1), Responses.Frequency(3));

        AssertOnlyError(TestCatalogue.Score(response), "multiple-answers", "QuestionnaireResponse.item[2]");
    }

    private static void AssertOnlyError(ScoringResult result, string code, string location)
    {
        Assert.True(result.IsRejected);
        Assert.Empty(result.Scores);
        Assert.Null(result.Total);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(IssueSeverity.Error, issue.Severity);
        Assert.Equal(code, issue.Code);
        Assert.Equal(location, issue.Location);
    }
}
