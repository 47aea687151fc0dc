using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Scoring;

/// <summary>
/// The outcome of scoring one QuestionnaireResponse. A response with any error-level issue has no
/// <see cref="Scores"/>, but its <see cref="Safety"/> signal is still read whenever the safety item
/// itself could be read: a positive item 9 is never lost to an unrelated defect.
/// </summary>
public sealed record ScoringResult(
    string? ResponseId,
    Instrument? Instrument,
    string? PatientReference,
    DateTimeOffset? Authored,
    string? AuthorReference,
    IReadOnlyList<ScaleScore> Scores,
    SafetySignal? Safety,
    IReadOnlyList<ScoringIssue> Issues)
{
    public bool IsRejected => Issues.Any(i => i.Severity == IssueSeverity.Error);

    public ScaleScore? Total => Scores.FirstOrDefault(s => s.Scale.Key == "total");

    public bool HasPositiveSafetySignal => Safety?.Status == SafetyStatus.Positive;
}
