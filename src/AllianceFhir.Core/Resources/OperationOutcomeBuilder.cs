using AllianceFhir.Core.Scoring;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Resources;

/// <summary>Reports rejected input as OperationOutcome, naming where it came from and what was wrong.</summary>
public static class OperationOutcomeBuilder
{
    public static OperationOutcome Build(string source, IEnumerable<ScoringIssue> issues) => new()
    {
        Issue = issues.Select(i => new OperationOutcome.IssueComponent
        {
            Severity = i.Severity == IssueSeverity.Error ? OperationOutcome.IssueSeverity.Error : OperationOutcome.IssueSeverity.Warning,
            Code = IssueType(i.Code),
            Details = new CodeableConcept { Text = i.Code },
            Diagnostics = $"{source}: {i.Message}",
            Expression = string.IsNullOrEmpty(i.Location) ? [] : [i.Location],
        }).ToList(),
    };

    public static OperationOutcome Build(string source, string code, string message, string? location = null) =>
        Build(source, [new ScoringIssue(IssueSeverity.Error, code, message, location ?? "")]);

    private static OperationOutcome.IssueType IssueType(string code) => code switch
    {
        "invalid-json" or "not-fhir" or "invalid-resource" or "byte-order-mark" => OperationOutcome.IssueType.Structure,
        "unknown-questionnaire" => OperationOutcome.IssueType.NotFound,
        "no-subject" or "no-authored" => OperationOutcome.IssueType.Required,
        "unknown-item" or "duplicate-item" or "multiple-answers" => OperationOutcome.IssueType.Structure,
        "answer-out-of-range" or "answer-wrong-type" => OperationOutcome.IssueType.Value,
        "too-many-missing" => OperationOutcome.IssueType.Incomplete,
        "safety-signal-unattributed" => OperationOutcome.IssueType.BusinessRule,
        _ when code.StartsWith("safety-", StringComparison.Ordinal) => OperationOutcome.IssueType.Informational,
        _ => OperationOutcome.IssueType.Invalid,
    };
}
