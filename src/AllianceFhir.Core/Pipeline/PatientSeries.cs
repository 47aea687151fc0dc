using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Core.Pipeline;

/// <summary>One patient's score series, as <see cref="ScoringRun.Patients"/> hands them out for <see cref="ScoringRun.Evaluate"/>.</summary>
public sealed record PatientSeries(string PatientReference, IReadOnlyList<ScoreSeries> Series);
