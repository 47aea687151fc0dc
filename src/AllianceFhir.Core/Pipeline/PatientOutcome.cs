using AllianceFhir.Core.Trajectories;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Pipeline;

/// <summary>Everything one patient's series yield once all input is read, plus the paired PHQ-9 + GAD-7 outcome.</summary>
public sealed record PatientOutcome(
    string PatientReference,
    IReadOnlyList<SeriesOutcome> Series,
    PairedOutcome? Paired,
    IReadOnlyList<Observation> Observations);
