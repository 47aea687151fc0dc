using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Scoring;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Pipeline;

/// <summary>What one response yields at once: its score Observations and, when item 9 is positive, the safety alert.</summary>
public sealed record ResponseOutcome(ScoringResult Result, IReadOnlyList<Observation> Scores, AlertIntent? SafetyAlert);
