using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Tests.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Scoring;

/// <summary>
/// Issue 10 §2: a response about a Group, or dated in year 9999 or before 1900, is rejected with an issue instead of
/// becoming a score; its item 9 is still read (a positive answer still alerts, or is unattributable for a Group).
/// </summary>
public class BadEnvelopeTests
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static ScoringResult Score(QuestionnaireResponse response) =>
        new ResponseScorer(TestCatalogue.Instance, new FixedTime(Now)).Score(response);

    [Fact]
    public void Score_WhenSubjectIsGroup_ThenRejectedAndSafetyAlertUnattributable()
    {
        var response = Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 3);
        response.Subject = new ResourceReference("Group/ward-7");

        var result = Score(response);

        Assert.Contains(result.Issues, i => i.Code == "subject-not-patient" && i.Location == "QuestionnaireResponse.subject" && i.Message.Contains("Group"));
        Assert.Empty(result.Scores);
        Assert.Null(result.PatientReference);
        Assert.True(result.HasPositiveSafetySignal);
        Assert.Null(AlertPlanner.ForSafety(result, "QuestionnaireResponse/x")); // the caller's "review by hand" issue
    }

    [Theory]
    [InlineData("Patient/p1")]
    [InlineData("https://ehr.example.org/fhir/Patient/p1")]
    [InlineData("Patient/p1/_history/2")]
    [InlineData("Patient/Patient/p1")] // the last "Patient" segment names the type
    [InlineData("https://ehr.example.org/fhir/Patient/p1/_history/")]
    public void IsPatient_WhenReferenceNamesAPatient_ThenTrue(string reference) => Assert.True(ResponseEnvelope.IsPatient(reference));

    [Theory]
    [InlineData("Group/g1")]
    [InlineData("Practitioner/p1")]
    [InlineData("p1")]
    [InlineData("Patient/")]
    [InlineData("Patient//p1")]
    [InlineData("Patient/p1/x")]
    [InlineData("Patient/p1/_history")]
    [InlineData("Patient/p1/_History/2")]
    [InlineData("Patient/p1/_history/2/x")]
    [InlineData("Patient/p1/_history/Patient")]
    [InlineData("patient/p1")]
    public void IsPatient_WhenReferenceIsNotAPatient_ThenFalse(string reference) => Assert.False(ResponseEnvelope.IsPatient(reference));

    [Fact]
    public void Score_WhenAuthoredInYear9999_ThenRejectedButItem9StillAlerts()
    {
        var response = Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 3).At(new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero));

        var result = Score(response);

        var issue = Assert.Single(result.Issues, i => i.Code == "authored-implausible");
        Assert.Contains("9999-12-31", issue.Message);
        Assert.Empty(result.Scores);
        Assert.NotNull(AlertPlanner.ForSafety(result, "QuestionnaireResponse/x"));
    }

    [Fact]
    public void Score_WhenAuthoredIn1899_ThenRejected()
    {
        var result = Score(Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 0).At(new DateTimeOffset(1899, 12, 31, 0, 0, 0, TimeSpan.Zero)));

        Assert.Contains(result.Issues, i => i.Code == "authored-implausible" && i.Message.Contains("1900-01-01"));
        Assert.Empty(result.Scores);
    }

    [Fact]
    public void Score_WhenAuthoredTwelveHoursAheadOfNow_ThenScoredWithinTheSkew()
    {
        // 1 x 8 + 0 = 8: a form on a clock 12 h fast is still scored (skew is one day).
        var result = Score(Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 0).At(Now.AddHours(12)));

        Assert.False(result.IsRejected);
        Assert.Equal(8m, result.Total!.Value);
    }

    [Fact]
    public void Score_WhenAuthoredTwoDaysAhead_ThenRejected()
    {
        Assert.Contains(Score(Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 0).At(Now.AddDays(2))).Issues, i => i.Code == "authored-implausible");
    }

    [Fact]
    public void ScoreUnparsed_WhenAuthoredIsNotADate_ThenNoTimeAndItem9StillRead()
    {
        // Crashed score with CodedValidationException before (resilience bench, "authored not a date").
        const string json = """{"resourceType":"QuestionnaireResponse","id":"a","questionnaire":"https://alliancefhir.org/fhir/Questionnaire/phq-9","status":"completed","subject":{"reference":"Patient/p1"},"authored":"yesterday","item":[{"linkId":"9","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6570-1"}}]}]}""";

        var result = new ResponseScorer(TestCatalogue.Instance, new FixedTime(Now)).ScoreUnparsed(json, new ScoringIssue(IssueSeverity.Error, "invalid-resource", "x", ""));

        Assert.Null(result.Authored);
        Assert.Equal(2m, result.Safety!.Ordinal);
        Assert.Equal("Patient/p1", result.PatientReference);
    }
}
