using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Smart.Features.Dashboard;

/// <summary>
/// What one QuestionnaireResponse adds to a patient's score series, and the encounter it names (display, else reference);
/// for a rejected response, the scorer's errors (<see cref="Rejections"/>: the same codes <c>score</c> reports).
/// </summary>
public sealed record ScoredResponse(IReadOnlyList<(SeriesKey Key, ScorePoint Point)> Points, bool Rejected, string? Encounter = null)
{
    /// <summary>
    /// Who answered: <see cref="Informant.Self"/>, or <see cref="Informant.Caregiver"/> when a RelatedPerson answered or the
    /// form is a caregiver version. Caregiver points go beside the self-report, never into its series (docs/domain.md §10).
    /// </summary>
    public Informant Informant { get; init; } = Informant.Self;

    /// <summary>The caregiver's RelatedPerson reference; null for self-report and for a caregiver version with no one named.</summary>
    public string? InformantReference { get; init; }

    public static readonly ScoredResponse None = new([], Rejected: false);
    public static readonly ScoredResponse RejectedResponse = new([], Rejected: true);

    /// <summary>Why it was rejected (empty when it was not).</summary>
    public IReadOnlyList<ScoringIssue> Rejections { get; init; } = [];

    public static ScoredResponse RejectedFor(IReadOnlyList<ScoringIssue> errors) => RejectedResponse with { Rejections = errors };
}
