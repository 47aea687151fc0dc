using System.Runtime.CompilerServices;
using System.Text.Json;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Trajectories;
using static AllianceFhir.Core.Resources.ObservationJsonParts;

namespace AllianceFhir.Core.Resources;

/// <summary>
/// The NHS Talking Therapies outcome Observation of <see cref="PairedOutcomeObservationBuilder"/>, written straight to a
/// <see cref="Utf8JsonWriter"/> with no POCO (issue 12; test: EndPhaseWriterTests). Element order as Firely writes it.
/// </summary>
public static class PairedOutcomeObservationJson
{
    /// <summary>Writes the Observation; returns its id.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Write(Utf8JsonWriter w, PairedOutcome outcome)
    {
        var id = PairedOutcomeObservationBuilder.IdFor(outcome);
        SurveyObservationHead(w, id, null, CanonicalUrls.TrajectoryIdentifierSystem,
            ("nhs-tt-outcome", "NHS Talking Therapies outcome (PHQ-9 and GAD-7)", null), outcome.PatientReference,
            PairedOutcomeObservationBuilder.Min(outcome.Depression.Baseline.When, outcome.Anxiety.Baseline.When),
            PairedOutcomeObservationBuilder.Max(outcome.Depression.Latest.When, outcome.Anxiety.Latest.When));
        ProjectValue(w, PairedOutcomeObservationBuilder.StatusCode(outcome));
        w.WriteStartArray("derivedFrom"u8);
        ScoreObservationJson.Reference(w, default, "Observation/" + TrajectoryObservationBuilder.IdFor(outcome.Depression));
        ScoreObservationJson.Reference(w, default, "Observation/" + TrajectoryObservationBuilder.IdFor(outcome.Anxiety));
        w.WriteEndArray();

        w.WriteStartArray("component"u8);
        BooleanComponent(w, "caseness-at-baseline", "Caseness at the first measure", outcome.CaseAtFirst);
        if (outcome.Recovery is { } recovery) BooleanComponent(w, "recovered", "Recovered", recovery);
        BooleanComponent(w, "reliable-improvement", "Reliable improvement", outcome.ReliableImprovement);
        BooleanComponent(w, "reliable-deterioration", "Reliable deterioration", outcome.ReliableDeterioration);
        if (outcome.ReliableRecovery is { } rr) BooleanComponent(w, "reliable-recovery", "Reliable recovery", rr);
        w.WriteEndArray();
        w.WriteEndObject();
        return id;
    }
}
