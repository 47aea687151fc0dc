using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Resources;
using AllianceFhir.Core.Tests.Catalogue;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;

namespace AllianceFhir.Core.Tests.Resources;

public class BuilderOutputTests
{
    [Theory]
    [InlineData(AlertChannel.Flag)]
    [InlineData(AlertChannel.Task)]
    [InlineData(AlertChannel.Communication)]
    public void EveryBuiltResource_WhenValidatedStrictly_ThenHasNoErrors(AlertChannel channel)
    {
        var resources = BuiltResources.All(channel).ToList();
        resources.Add(ProvenanceBuilder.Build(["Observation/af-1", "Flag/af-2"], "QuestionnaireResponse/r1", TimeProvider.System));
        resources.Add(OperationOutcomeBuilder.Build("QuestionnaireResponse.ndjson line 3", "unknown-item", "linkId '99' is not an item", "QuestionnaireResponse.item[9]"));

        Assert.Contains(resources, r => r.TypeName == channel.ToString());
        Assert.All(resources, r => Assert.True(r.Validate().Count == 0, $"{r.TypeName}/{r.Id}: {string.Join("; ", r.Validate().Select(e => e.Message))}"));
    }

    [Fact]
    public void EveryProjectCode_WhenEmitted_ThenIsDefinedInTheCodeSystem()
    {
        var defined = ProfileFiles.Read<CodeSystem>("CodeSystem-alliancefhir.json").Concept.Select(c => c.Code).ToHashSet();
        var emitted = BuiltResources.All(AlertChannel.Flag).Concat(BuiltResources.All(AlertChannel.Communication))
            .SelectMany(r => Codes(JsonNode.Parse(new FhirJsonSerializer().SerializeToString(r))!)).ToHashSet();

        Assert.Contains("trajectory", emitted);
        Assert.Contains("alliance-rupture", emitted);
        Assert.Contains("safety-self-harm", emitted);
        Assert.Empty(emitted.Except(defined));
    }

    [Fact]
    public void ScoreObservation_WhenBuilt_ThenFollowsScreeningAssessmentShape()
    {
        var (responses, _) = BuiltResources.Run();
        var observation = responses[0].Scores.Single();

        Assert.Equal("survey", observation.Category.Single().Coding.Single().Code);
        Assert.Equal("44261-6", observation.Code!.Coding.Single().Code);
        Assert.Equal("QuestionnaireResponse/r1", observation.DerivedFrom.Single().Reference);
        Assert.Equal("Patient/p1", observation.Subject!.Reference);
        Assert.Equal(CanonicalUrls.ScoreIdentifierSystem, observation.Identifier.Single().System);
        Assert.Equal(observation.Id, observation.Identifier.Single().Value);
        // 3+3+2+2+2+2+2+2+2 = 20: "severe" (PHQ-9 20–27, Kroenke et al. 2001).
        Assert.Equal(20m, ((Quantity)observation.Value!).Value);
        Assert.Equal("severe", observation.Interpretation.Single().Coding.Single().Code);
    }

    [Fact]
    public void ProratedScore_WhenBuilt_ThenIsMarkedWithTheExtensionAndANote()
    {
        var (responses, _) = BuiltResources.Run();
        var prorated = responses[1].Scores.Single();

        Assert.Equal(true, prorated.GetExtensionValue<FhirBoolean>(CanonicalUrls.Prorated)?.Value);
        Assert.Contains(prorated.Note, n => n.Text!.Contains("1 of 9 items missing"));
        // Eight answered: 2×7 + 0 = 14; mean 1.75 × 9 = 15.75 → 16.
        Assert.Equal(16m, ((Quantity)prorated.Value!).Value);
    }

    [Fact]
    public void Ids_WhenTheSameInputIsBuiltTwice_ThenAreIdentical()
    {
        var first = BuiltResources.All(AlertChannel.Task).Select(r => $"{r.TypeName}/{r.Id}").ToList();
        var second = BuiltResources.All(AlertChannel.Task).Select(r => $"{r.TypeName}/{r.Id}").ToList();

        Assert.Equal(first, second);
        Assert.Equal(first.Count, first.Distinct().Count());
        Assert.All(first, id => Assert.Matches("^[A-Za-z]+/af-[0-9a-f]{32}$", id));
    }

    [Fact]
    public void AlertIdentifier_WhenChannelChanges_ThenStaysTheSame()
    {
        var flag = BuiltResources.All(AlertChannel.Flag).OfType<Flag>().Select(f => f.Identifier.Single().Value).Order();
        var task = BuiltResources.All(AlertChannel.Task).OfType<Hl7.Fhir.Model.Task>().Select(t => t.Identifier.Single().Value).Order();

        Assert.Equal(flag, task);
    }

    [Fact]
    public void SafetyAlert_WhenBuiltAsTask_ThenIsStatPriorityAndPointsAtTheResponse()
    {
        var (responses, _) = BuiltResources.Run();
        var task = (Hl7.Fhir.Model.Task)AlertResourceBuilder.Build(responses[0].SafetyAlert!, AlertChannel.Task);

        Assert.Equal(RequestPriority.Stat, task.Priority);
        Assert.Equal("QuestionnaireResponse/r1", task.Focus!.Reference);
        Assert.Equal("Patient/p1", task.For!.Reference);
        Assert.Equal("safety-self-harm", task.Code!.Coding.Single().Code);
    }

    [Fact]
    public void SeriesOutcomes_WhenCohortRun_ThenRuptureAndNotOnTrackAlertsAreRaisedForTheRightPatients()
    {
        var (_, series) = BuiltResources.Run();

        var alerts = series.SelectMany(s => s.Alerts).Select(a => (a.PatientReference, a.ReasonCode)).ToList();
        Assert.Contains(("Patient/p1", "alliance-rupture"), alerts);
        Assert.Contains(("Patient/p2", "not-on-track"), alerts);
        Assert.DoesNotContain(("Patient/p1", "not-on-track"), alerts);
    }

    /// <summary>Every code of the project CodeSystem anywhere in a resource's JSON.</summary>
    private static IEnumerable<string> Codes(JsonNode node) => node switch
    {
        JsonObject o when o["system"]?.GetValue<string>() == CanonicalUrls.ProjectCodeSystem => [o["code"]!.GetValue<string>()],
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Codes(p.Value)),
        JsonArray a => a.SelectMany(x => x is null ? [] : Codes(x)),
        _ => [],
    };
}
