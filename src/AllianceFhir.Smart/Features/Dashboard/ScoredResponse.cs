using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Smart.Features.Dashboard;

/// <summary>What one QuestionnaireResponse adds to a patient's score series.</summary>
public sealed record ScoredResponse(IReadOnlyList<(SeriesKey Key, ScorePoint Point)> Points, bool Rejected)
{
    public static readonly ScoredResponse None = new([], Rejected: false);
    public static readonly ScoredResponse RejectedResponse = new([], Rejected: true);
}
