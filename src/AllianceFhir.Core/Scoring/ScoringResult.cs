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
    /// <summary>
    /// The RelatedPerson who answered for the patient (a caregiver or parent report): the response's <c>author</c> when it is
    /// a RelatedPerson, else its <c>source</c> when that is one; null for self-report and clinician-entered responses
    /// (docs/domain.md §8, "Scores by an informant").
    /// </summary>
    public string? InformantReference { get; init; }

    /// <summary>The score Observation's performer: the informant when there is one, else the response's author (as before).</summary>
    public string? PerformerReference => InformantReference ?? AuthorReference;

    // Loops, not Any/FirstOrDefault: asked several times a line, and a list's enumerator is boxed each time (issue 12).
    public bool IsRejected
    {
        get
        {
            for (var i = 0; i < Issues.Count; i++)
                if (Issues[i].Severity == IssueSeverity.Error) return true;
            return false;
        }
    }

    public ScaleScore? Total
    {
        get
        {
            for (var i = 0; i < Scores.Count; i++)
                if (Scores[i].Scale.Key == "total") return Scores[i];
            return null;
        }
    }

    public bool HasPositiveSafetySignal => Safety?.Status == SafetyStatus.Positive;
}
