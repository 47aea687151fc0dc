namespace AllianceFhir.Core.Scoring;

/// <summary>
/// Why a response (or part of it) was not scored. <see cref="Code"/> is stable and machine-readable
/// (e.g. <c>unknown-item</c>); <see cref="Location"/> is a FHIRPath into the resource.
/// </summary>
public sealed record ScoringIssue(IssueSeverity Severity, string Code, string Message, string Location)
{
    /// <summary>A response that did not parse as FHIR R4; scored from its JSON only as far as its safety item goes.</summary>
    public static readonly ScoringIssue Unparsed = new(IssueSeverity.Error, "invalid-resource", "the response did not parse as FHIR R4 (quarantined at ingest)", "QuestionnaireResponse");
}
