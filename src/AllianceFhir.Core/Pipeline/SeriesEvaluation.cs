using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Ruptures;
using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Core.Pipeline;

/// <summary>One series' trajectory (symptom totals only), rupture episodes and alerts, over its points in session order.</summary>
public sealed record SeriesEvaluation(
    SeriesKey Key,
    Instrument Instrument,
    ScaleDefinition Scale,
    IReadOnlyList<ScorePoint> Points,
    Trajectory? Trajectory,
    IReadOnlyList<RuptureEpisode> Ruptures,
    IReadOnlyList<AlertIntent> Alerts);
