using System.Text.Json.Nodes;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Samples.Sessions;
using AllianceFhir.Service.Scoring;
using AllianceFhir.Service.Tests.Support;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Time.Testing;

namespace AllianceFhir.Service.Tests.Scoring;

/// <summary>
/// Issue 13 §3 on the <c>score</c> verb: a caregiver's response gives score Observations whose performer is the
/// RelatedPerson (author, or source when a clinician entered it), on the hot path and on the strict path alike; a
/// self-report keeps its author.
/// </summary>
public sealed class ScoreCaregiverTests
{
    private static JsonObject Line(string id, string? author, string? source)
    {
        var response = SessionHistory.Response("phq-9", "Patient/score-carer", 12, new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        response["subject"] = new JsonObject { ["reference"] = "Patient/score-carer" };
        response["id"] = id;
        if (author is not null) response["author"] = new JsonObject { ["reference"] = author };
        if (source is not null) response["source"] = new JsonObject { ["reference"] = source };
        return response;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Run_WhenCaregiverResponses_ThenPerformerIsTheRelatedPerson(bool fast)
    {
        using var folder = new TempFolder();
        var input = folder.Combine("QuestionnaireResponse.ndjson");
        File.WriteAllLines(input, [
            Line("self", "Patient/score-carer", null).ToJsonString(),
            Line("mum", "RelatedPerson/mum", null).ToJsonString(),
            Line("entered", "Practitioner/prac-01", "RelatedPerson/dad").ToJsonString(),
        ]);
        var output = folder.Combine("out");
        new ScoreRunner(ProfileDirectory.LoadCatalogue(), new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero)))
            .Run(new ScoreOptions(input, output, FastReader: fast));

        var performers = NdjsonFile.Read<Observation>(Path.Combine(output, "Observation.ndjson"))
            .Where(o => o.Code?.Text?.EndsWith(" total", StringComparison.Ordinal) == true)
            .ToDictionary(o => o.DerivedFrom.Single().Reference ?? "", o => o.Performer.Single().Reference ?? "");
        Assert.Equal("Patient/score-carer", performers["QuestionnaireResponse/self"]);
        Assert.Equal("RelatedPerson/mum", performers["QuestionnaireResponse/mum"]);
        Assert.Equal("RelatedPerson/dad", performers["QuestionnaireResponse/entered"]);
    }
}
