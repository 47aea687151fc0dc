using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Core.Pipeline;

/// <summary>
/// What one patient's series yield once all input is read, without resources: the values the fast writers
/// (TrajectoryObservationJson, RuptureObservationJson, PairedOutcomeObservationJson, AlertResourceJson) and the
/// builders (<see cref="PatientOutcome"/>) turn into the same Observations and alerts.
/// </summary>
public sealed record PatientEvaluation(string PatientReference, IReadOnlyList<SeriesEvaluation> Series, PairedOutcome? Paired);
