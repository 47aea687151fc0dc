using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Smart.Features.Dashboard;

/// <summary>What one QuestionnaireResponse adds to a patient's score series, and the encounter it names (display, else reference).</summary>
public sealed record ScoredResponse(IReadOnlyList<(SeriesKey Key, ScorePoint Point)> Points, bool Rejected, string? Encounter = null)
{
    public static readonly ScoredResponse None = new([], Rejected: false);
    public static readonly ScoredResponse RejectedResponse = new([], Rejected: true);
}
