using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Scoring.Input;

/// <summary>
/// What <see cref="StrictResourceParser"/> made of some JSON: its resourceType and, for a wanted type, the resource; or
/// why it was refused (<see cref="Rejection"/>: invalid-json, not-fhir or invalid-resource).
/// </summary>
public sealed record StrictParse(string? ResourceType, Resource? Resource, ScoringIssue? Rejection);
