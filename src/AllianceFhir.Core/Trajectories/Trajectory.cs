using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Trajectories;

/// <summary>
/// A patient's course on one scale. Booleans are null where the rule cannot apply (e.g. no caseness
/// cutoff for the instrument, or fewer than two scores). <see cref="Improvement"/> is positive when the
/// patient got better, whichever way the instrument runs.
/// </summary>
public sealed record Trajectory(
    SeriesKey Key,
    Instrument Instrument,
    ScaleDefinition Scale,
    IReadOnlyList<ScorePoint> Points,
    TrajectoryStatus Status,
    decimal Change,
    decimal Improvement,
    decimal? ReliableChangeThreshold,
    bool ReliableImprovement,
    bool ReliableDeterioration,
    bool? CasenessAtBaseline,
    bool? CasenessAtLatest,
    bool? Recovery,
    bool? ReliableRecovery,
    bool? Response,
    bool? Remission,
    decimal? SlopePerWeek,
    decimal? ExpectedLatest,
    bool NotOnTrack)
{
    public ScorePoint Baseline => Points[0];

    public ScorePoint Latest => Points[^1];

    public int Sessions => Points.Count;
}
