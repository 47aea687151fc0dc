namespace AllianceFhir.Core.Scoring;

/// <summary>
/// Why a response (or part of it) was not scored. <see cref="Code"/> is stable and machine-readable
/// (e.g. <c>unknown-item</c>); <see cref="Location"/> is a FHIRPath into the resource.
/// </summary>
public sealed record ScoringIssue(IssueSeverity Severity, string Code, string Message, string Location);
