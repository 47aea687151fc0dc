using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Trajectories;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Pipeline;

/// <summary>
/// What one response yields at once: its score Observations, the score points it added to the patient's series
/// (for a caller that keeps history), and, when item 9 is positive, the safety alert.
/// </summary>
public sealed record ResponseOutcome(
    ScoringResult Result,
    IReadOnlyList<Observation> Scores,
    IReadOnlyList<(SeriesKey Key, ScorePoint Point)> Points,
    AlertIntent? SafetyAlert);
