using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Tests.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Scoring;

/// <summary>
/// PHQ-9 item 9 (LOINC 44260-8, thoughts of being better off dead or of self-harm). docs/domain.md §2: any non-zero answer is
/// reviewed by a clinician the same day (Simon et al. 2013: one-year attempt risk 0.4% at "not at all" vs 4% at "nearly
/// every day"); a missing item 9 is reported as missing, never prorated; the signal must survive an unrelated defect.
/// </summary>
public class SafetySignalTests
{
    [Theory]
    // item 9 answered 1 "Several days", 2, 3 "Nearly every day": all at or above minOrdinal 1 -> positive
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Score_WhenItem9AboveZero_ThenSafetyPositive(int item9)
    {
        var result = TestCatalogue.Score(Responses.Phq9(0, 0, 0, 0, 0, 0, 0, 0, item9));

        Assert.False(result.IsRejected);
        Assert.Equal(SafetyStatus.Positive, result.Safety?.Status);
        Assert.Equal(item9, result.Safety!.Ordinal);
        Assert.Equal("9", result.Safety.Item.LinkId);
        Assert.True(result.HasPositiveSafetySignal);
    }

    [Fact]
    public void Score_WhenItem9NotAtAll_ThenSafetyNegative()
    {
        // Items 1-8 high (3 x 8 = 24, severe) but item 9 = 0: no safety signal, whatever the total.
        var result = TestCatalogue.Score(Responses.Phq9(3, 3, 3, 3, 3, 3, 3, 3, 0));

        Assert.Equal(24m, result.Total!.Value);
        Assert.Equal(SafetyStatus.Negative, result.Safety?.Status);
        Assert.False(result.HasPositiveSafetySignal);
    }

    [Fact]
    public void Score_WhenItem9Missing_ThenTotalProratedButSafetyStaysMissing()
    {
        // Items 1-8 all 1: 8 over 8; mean 1; x 9 = 9 -> the total is prorated (one item missing is allowed),
        // but item 9's meaning is not guessed: safety is Missing, not Negative.
        var result = TestCatalogue.Score(Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, null));

        Assert.False(result.IsRejected);
        Assert.Equal(9m, result.Total!.Value);
        Assert.True(result.Total.Prorated);
        Assert.Equal(SafetyStatus.Missing, result.Safety?.Status);
        Assert.Null(result.Safety!.Ordinal);
        Assert.False(result.HasPositiveSafetySignal);
    }

    [Fact]
    public void Score_WhenItem9IsThreeInAResponseRejectedForAnUnknownItem_ThenSafetyStillPositiveAndStatAlertRaised()
    {
        // Item 9 = 3 "Nearly every day" plus a stray linkId '99' the PHQ-9 does not have: the response is rejected
        // (no score is written) but the self-harm answer must still reach the clinician at once.
        var response = Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 3).WithItem("99", Responses.Frequency(2));

        var result = TestCatalogue.Score(response);
        var alert = AlertPlanner.ForSafety(result, $"QuestionnaireResponse/{response.Id}");

        Assert.True(result.IsRejected);
        Assert.Empty(result.Scores);
        Assert.Contains(result.Issues, i => i.Code == "unknown-item" && i.Location == "QuestionnaireResponse.item[9]");
        Assert.Equal(SafetyStatus.Positive, result.Safety?.Status);
        Assert.NotNull(alert);
        Assert.Equal(AlertKind.Safety, alert.Kind);
        Assert.Equal(AlertPriority.Stat, alert.Priority);
        Assert.Equal(Responses.DefaultPatient, alert.PatientReference);
        Assert.Equal(new[] { $"QuestionnaireResponse/{response.Id}" }, alert.Evidence);
    }

    [Fact]
    public void Score_WhenItem9PositiveInAnInProgressResponse_ThenSafetyStillPositive()
    {
        // A partly saved form is not scored (status 'in-progress'), but a positive item 9 in it is not ignored.
        var response = Responses.Phq9(0, 0, 0, 0, 0, 0, 0, 0, 2);
        response.Status = QuestionnaireResponse.QuestionnaireResponseStatus.InProgress;

        var result = TestCatalogue.Score(response);

        Assert.True(result.IsRejected);
        Assert.Equal(SafetyStatus.Positive, result.Safety?.Status);
        Assert.NotNull(AlertPlanner.ForSafety(result, $"QuestionnaireResponse/{response.Id}"));
    }

    [Fact]
    public void Score_WhenLoincFormItem9Positive_ThenSafetyPositive()
    {
        // LHC-Forms linkId '/44260-8' is PHQ-9 item 9: answered LA6570-1 (2) -> positive.
        var result = TestCatalogue.Score(Responses.Phq9LoincForm(0, 0, 0, 0, 0, 0, 0, 0, 2));

        Assert.Equal(SafetyStatus.Positive, result.Safety?.Status);
        Assert.Equal(2m, result.Safety!.Ordinal);
    }

    [Fact]
    public void Score_WhenItem9HasTwoAnswersOneOfThemThree_ThenRejectedButSafetyPositiveAtThree()
    {
        // Two answers on item 9 ("Not at all" and "Nearly every day") make the response invalid (multiple-answers),
        // but the 3 must still reach the clinician: the highest readable answer counts for safety.
        var response = Responses.Phq9(0, 0, 0, 0, 0, 0, 0, 0, 0)
            .WithAnswer("9", Responses.Frequency(0), Responses.Frequency(3));

        var result = TestCatalogue.Score(response);

        Assert.True(result.IsRejected);
        Assert.Contains(result.Issues, i => i.Code == "multiple-answers");
        Assert.Equal(SafetyStatus.Positive, result.Safety?.Status);
        Assert.Equal(3m, result.Safety!.Ordinal);
    }
}
