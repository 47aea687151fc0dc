using System.Buffers;
using System.Text;
using System.Text.Json;
using AllianceFhir.Core.Resources;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Scoring.Input;
using AllianceFhir.Core.Tests.Support;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Core.Tests.Resources;

/// <summary>
/// Issue 13 §3: a caregiver's response (a RelatedPerson as author, or as source) gives score Observations whose performer
/// is that RelatedPerson, on the Firely builder (nightly job, app) and the score CLI's fast JSON writer alike; a
/// self-report keeps the author as performer.
/// </summary>
public class CaregiverPerformerTests
{
    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
    private static readonly FhirJsonSerializer Serializer = new();

    private static QuestionnaireResponse Phq9(string? author, string? source)
    {
        var response = Responses.Phq9(2, 2, 2, 1, 1, 1, 1, 0, 0);
        response.Id = "qr-caregiver";
        response.Author = author is null ? null : new ResourceReference(author);
        response.Source = source is null ? null : new ResourceReference(source);
        return response;
    }

    private static Observation Written(ScoringResult result, ScaleScore score, string reference)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer)) ScoreObservationJson.Write(json, result, score, reference);
        return (Observation)Strict.DeserializeResource(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Theory]
    [InlineData("RelatedPerson/mum-1", null, "RelatedPerson/mum-1")]
    [InlineData("Practitioner/prac-01", "RelatedPerson/mum-1", "RelatedPerson/mum-1")]
    [InlineData(null, "RelatedPerson/dad-2", "RelatedPerson/dad-2")]
    [InlineData("Patient/p1", null, "Patient/p1")]
    [InlineData("Practitioner/prac-01", null, "Practitioner/prac-01")]
    [InlineData("Patient/p1", "Patient/p1", "Patient/p1")]
    public void Build_WhenAuthorOrSourceGiven_ThenPerformerIsTheRelatedPersonElseTheAuthor(string? author, string? source, string expected)
    {
        var result = TestCatalogue.Score(Phq9(author, source));
        Assert.False(result.IsRejected);
        var total = result.Total!;
        var built = ScoreObservationBuilder.Build(result, total, "QuestionnaireResponse/qr-caregiver");
        Assert.Equal(expected, Assert.Single(built.Performer).Reference);
        var written = Written(result, total, "QuestionnaireResponse/qr-caregiver");
        Assert.True(built.IsExactly(written), $"the fast writer differs from the builder\nbuilder: {Serializer.SerializeToString(built)}\nwriter:  {Serializer.SerializeToString(written)}");
    }

    [Fact]
    public void Write_WhenFastReaderReadsACaregiverAuthoredLine_ThenPerformerIsTheRelatedPerson()
    {
        var line = Serializer.SerializeToString(Phq9("RelatedPerson/mum-1", null));
        var input = ResponseInputReader.TryRead(Encoding.UTF8.GetBytes(line));
        Assert.NotNull(input); // the hot path reads it: author is a plain reference
        var result = new ResponseScorer(TestCatalogue.Instance).Score(input);
        Assert.Equal("RelatedPerson/mum-1", result.InformantReference);
        Assert.Equal("RelatedPerson/mum-1", Assert.Single(Written(result, result.Total!, "QuestionnaireResponse/qr-caregiver").Performer).Reference);
    }

    [Fact]
    public void TryRead_WhenLineNamesASource_ThenStrictPathReadsItAndKeepsTheSource()
    {
        var line = Serializer.SerializeToString(Phq9("Practitioner/prac-01", "RelatedPerson/mum-1"));
        // The fast reader does not vouch for `source`: the line goes to the strict path, which keeps it.
        Assert.Null(ResponseInputReader.TryRead(Encoding.UTF8.GetBytes(line)));
        var input = ResponseInput.From((QuestionnaireResponse)Strict.DeserializeResource(line));
        Assert.Equal("RelatedPerson/mum-1", input.Source);
        Assert.Equal("RelatedPerson/mum-1", new ResponseScorer(TestCatalogue.Instance).Score(input).PerformerReference);
    }

    [Theory]
    [InlineData("RelatedPerson/mum-1", true)]
    [InlineData("https://ehr.example.org/fhir/RelatedPerson/mum-1/_history/3", true)]
    [InlineData("Patient/p1", false)]
    [InlineData("RelatedPerson/", false)]
    [InlineData(null, false)]
    public void IsRelatedPerson_WhenReference_ThenOnlyARelatedPersonCounts(string? reference, bool expected) =>
        Assert.Equal(expected, ResponseInformant.IsRelatedPerson(reference));
}
