using System.Runtime.CompilerServices;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Scoring;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Resources;

/// <summary>
/// A score as an Observation in the US Core Observation Screening Assessment shape: category survey, the
/// scale's code, derivedFrom the QuestionnaireResponse, and an identifier derived from the response and scale.
/// </summary>
public static class ScoreObservationBuilder
{
    /// <summary>The score Observation's id (and identifier value): from the response and the scale, so writing twice finds the first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string IdFor(string responseReference, ScaleScore score) => ResourceIds.For("score", responseReference, score.Scale.Key);

    /// <summary>"Observation/" and <see cref="IdFor"/>, as one string (the id is what follows the slash).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string ReferenceFor(string responseReference, ScaleScore score) => ResourceIds.ReferenceFor("Observation", "score", responseReference, score.Scale.Key);

    public static Observation Build(ScoringResult result, ScaleScore score, string responseReference)
    {
        var instrument = result.Instrument ?? throw new ArgumentException("The result has no instrument", nameof(result));
        var id = IdFor(responseReference, score);
        var observation = new Observation
        {
            Id = id,
            Meta = new Meta { Profile = [instrument.Category == InstrumentCategory.Symptom ? ProfileUrls.SymptomScore : ProfileUrls.AllianceScore] },
            Identifier = [FhirValues.Identifier(CanonicalUrls.ScoreIdentifierSystem, id)],
            Status = ObservationStatus.Final,
            Category = [FhirValues.SurveyCategory()],
            Code = new CodeableConcept { Coding = [score.Scale.Code.ToCoding()], Text = $"{instrument.Title} {score.Scale.Key}" },
            Subject = new ResourceReference(result.PatientReference),
            Effective = FhirValues.DateTime(result.Authored!.Value),
            Value = FhirValues.Score(score.Value),
            DerivedFrom = [new ResourceReference(responseReference)],
        };
        if (result.PerformerReference is { } author) observation.Performer = [new ResourceReference(author)];
        if (score.Band is { } band) observation.Interpretation = [FhirValues.Project(band.Code, band.Display)];
        if (score.Prorated)
        {
            observation.SetExtension(CanonicalUrls.Prorated, new FhirBoolean(true));
            observation.Note = [new Annotation { Text = $"Prorated: {score.Missing} of {score.Answered + score.Missing} items missing; the missing items took the mean of those answered." }];
        }
        if (result.Safety is { Status: SafetyStatus.Missing } missing && score.Scale.ItemLinkIds.Contains(missing.Item.LinkId))
            observation.Note.Add(new Annotation { Text = $"Safety item {missing.Item.LinkId} was not answered: its safety meaning is unknown, not prorated." });
        return observation;
    }
}
