using System.Text;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Scoring.Input;
using AllianceFhir.Core.Tests.Support;

namespace AllianceFhir.Core.Tests.Scoring.Input;

/// <summary>
/// Issue 12: the one reader every path uses. What the hot path's reader declines still reads through the strict parse
/// (the same values); what the strict parse refuses comes back with the code <c>score</c> reports, and a refused
/// response still has its item 9 read. Expected codes and values by hand.
/// </summary>
public class ResponseReaderTests
{
    private const string Phq9 =
        "{\"resourceType\":\"QuestionnaireResponse\",\"id\":\"r1\",\"status\":\"completed\",\"questionnaire\":\"https://alliancefhir.org/fhir/Questionnaire/phq-9\"," +
        "\"subject\":{\"reference\":\"Patient/p1\"},\"authored\":\"2026-11-20T10:00:00Z\",EXTRA\"item\":[" +
        "{\"linkId\":\"1\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}]}," +
        "{\"linkId\":\"2\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}]}," +
        "{\"linkId\":\"3\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}]}," +
        "{\"linkId\":\"4\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}]}," +
        "{\"linkId\":\"5\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}]}," +
        "{\"linkId\":\"6\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}]}," +
        "{\"linkId\":\"7\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}]}," +
        "{\"linkId\":\"8\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}]}," +
        "{\"linkId\":\"9\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6571-9\"}}]}]}";

    private static ResponseRead Read(string json) => ResponseReader.Read(Encoding.UTF8.GetBytes(json));

    private static ScoringResult Score(string json) => Read(json).Score(new ResponseScorer(TestCatalogue.Instance));

    [Fact]
    public void Read_WhenTheHotPathDeclinesAValidResponse_ThenTheStrictParseReadsItAndItScoresTheSame()
    {
        // An encounter is valid FHIR the hot path's reader does not vouch for: read by the strict parse instead.
        var plain = Score(Phq9.Replace("EXTRA", ""));
        var withEncounter = Score(Phq9.Replace("EXTRA", "\"encounter\":{\"reference\":\"Encounter/e1\"},"));

        Assert.False(withEncounter.IsRejected);
        Assert.Equal(11m, plain.Total!.Value); // eight items at 1 and item 9 at 3
        Assert.Equal(plain.Total.Value, withEncounter.Total!.Value);
        Assert.True(withEncounter.HasPositiveSafetySignal);
    }

    [Fact]
    public void Read_WhenTheJsonIsBrokenNotFhirOrAnotherType_ThenRefusedWithTheCodeScoreReports()
    {
        Assert.Equal("invalid-json", Read(Phq9.Replace("EXTRA", "")[..200]).Rejection!.Code);
        Assert.Equal("not-fhir", Read("{\"patientId\":\"p1\",\"form\":\"PHQ-9\",\"score\":11}").Rejection!.Code);
        Assert.Equal("not-a-response", Read("{\"resourceType\":\"Patient\",\"id\":\"p1\"}").Rejection!.Code);
    }

    [Fact]
    public void Read_WhenAnUnknownElementBesideAPositiveItem9_ThenInvalidResourceAndTheSafetySignalStillRead()
    {
        var result = Score(Phq9.Replace("EXTRA", "\"colour\":\"blue\","));

        Assert.True(result.IsRejected);
        Assert.Equal("invalid-resource", result.Issues[0].Code);
        Assert.Contains("colour", result.Issues[0].Message, StringComparison.Ordinal);
        Assert.True(result.HasPositiveSafetySignal);
        Assert.Equal("Patient/p1", result.PatientReference);
    }

    [Fact]
    public void Read_WhenTheJsonStartsWithAByteOrderMark_ThenReadWithAWarning()
    {
        var read = ResponseReader.Read([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(Phq9.Replace("EXTRA", ""))]);

        Assert.Equal("r1", read.Input!.Id);
        Assert.Equal("byte-order-mark", Assert.Single(read.Warnings).Code);
    }
}
