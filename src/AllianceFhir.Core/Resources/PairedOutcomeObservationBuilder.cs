using System.Runtime.CompilerServices;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Trajectories;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Resources;

/// <summary>The NHS Talking Therapies outcome (PHQ-9 + GAD-7) as an Observation per patient and pair of latest scores.</summary>
public static class PairedOutcomeObservationBuilder
{
    public static Observation Build(PairedOutcome outcome)
    {
        var id = IdFor(outcome);
        var (code, display) = StatusCode(outcome);
        var observation = new Observation
        {
            Id = id,
            Identifier = [FhirValues.Identifier(CanonicalUrls.TrajectoryIdentifierSystem, id)],
            Status = ObservationStatus.Final,
            Category = [FhirValues.SurveyCategory()],
            Code = new CodeableConcept { Coding = [new Coding(CanonicalUrls.ProjectCodeSystem, "nhs-tt-outcome", "NHS Talking Therapies outcome (PHQ-9 and GAD-7)")] },
            Subject = new ResourceReference(outcome.PatientReference),
            Effective = new Period(
                FhirValues.DateTime(Min(outcome.Depression.Baseline.When, outcome.Anxiety.Baseline.When)),
                FhirValues.DateTime(Max(outcome.Depression.Latest.When, outcome.Anxiety.Latest.When))),
            Value = FhirValues.Project(code, display),
            DerivedFrom =
            [
                new ResourceReference("Observation/" + TrajectoryObservationBuilder.IdFor(outcome.Depression)),
                new ResourceReference("Observation/" + TrajectoryObservationBuilder.IdFor(outcome.Anxiety)),
            ],
        };
        var c = observation.Component;
        c.Add(FhirValues.Component("caseness-at-baseline", "Caseness at the first measure", new FhirBoolean(outcome.CaseAtFirst)));
        if (outcome.Recovery is { } recovery) c.Add(FhirValues.Component("recovered", "Recovered", new FhirBoolean(recovery)));
        c.Add(FhirValues.Component("reliable-improvement", "Reliable improvement", new FhirBoolean(outcome.ReliableImprovement)));
        c.Add(FhirValues.Component("reliable-deterioration", "Reliable deterioration", new FhirBoolean(outcome.ReliableDeterioration)));
        if (outcome.ReliableRecovery is { } rr) c.Add(FhirValues.Component("reliable-recovery", "Reliable recovery", new FhirBoolean(rr)));
        return observation;
    }

    /// <summary>Append-only like the trajectories it derives from: a new identifier whenever either latest score changes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string IdFor(PairedOutcome outcome) =>
        ResourceIds.For("nhs-tt-outcome", outcome.PatientReference, outcome.Depression.Latest.SourceReference, outcome.Anxiety.Latest.SourceReference);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (string Code, string Display) StatusCode(PairedOutcome outcome) => outcome switch
    {
        { CaseAtFirst: false } => ("not-a-case", "Not a case at the first measure"),
        { ReliableRecovery: true } => ("reliable-recovery", "Reliable recovery"),
        { Recovery: true } => ("recovered", "Recovered"),
        { ReliableImprovement: true } => ("reliable-improvement", "Reliable improvement"),
        { ReliableDeterioration: true } => ("reliable-deterioration", "Reliable deterioration"),
        _ => ("no-reliable-change", "No reliable change"),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
