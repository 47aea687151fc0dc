using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Ruptures;
using AllianceFhir.Core.Trajectories;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Pipeline;

/// <summary>What one patient's series yields once all input is read: trajectory, ruptures, their Observations and alerts.</summary>
public sealed record SeriesOutcome(
    SeriesKey Key,
    Trajectory? Trajectory,
    IReadOnlyList<RuptureEpisode> Ruptures,
    IReadOnlyList<Observation> Observations,
    IReadOnlyList<AlertIntent> Alerts);
