using AllianceFhir.Core.Scoring;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Resources;

/// <summary>Reports rejected input as OperationOutcome, naming where it came from and what was wrong.</summary>
public static class OperationOutcomeBuilder
{
    /// <summary>
    /// The most issues one OperationOutcome carries (a setting of ours, unverified: no source fits): beyond it a
    /// final summary issue says how many more there were. A reader needs the kinds of fault, not 9,999 copies.
    /// </summary>
    public const int MaxIssues = 100;

    /// <summary>
    /// Issues of the same severity, code and message shape (the message with quoted values and numbers set aside)
    /// are collapsed into the first, which says how many more are like it; distinct ones are kept, in order, up to
    /// <see cref="MaxIssues"/>.
    /// </summary>
    public static OperationOutcome Build(string source, IEnumerable<ScoringIssue> issues)
    {
        var groups = new List<(ScoringIssue First, int Count)>();
        var index = new Dictionary<(IssueSeverity, string, string), int>();
        foreach (var issue in issues)
        {
            var key = (issue.Severity, issue.Code, Shape(issue.Message));
            if (index.TryGetValue(key, out var at)) groups[at] = (groups[at].First, groups[at].Count + 1);
            else
            {
                index[key] = groups.Count;
                groups.Add((issue, 1));
            }
        }
        var shown = groups.Count > MaxIssues ? groups.Take(MaxIssues - 1).ToList() : groups;
        var components = shown.Select(g => Component(source, g.First, g.Count - 1)).ToList();
        if (shown.Count < groups.Count)
        {
            var rest = groups.Skip(shown.Count).ToList();
            var worst = rest.Any(g => g.First.Severity == IssueSeverity.Error) ? IssueSeverity.Error : IssueSeverity.Warning;
            components.Add(Component(source, new ScoringIssue(worst, "too-many-issues",
                $"and {rest.Sum(g => g.Count):N0} more issues of {rest.Count:N0} other kinds, not listed (at most {MaxIssues} per resource)", ""), 0));
        }
        return new OperationOutcome { Issue = components };
    }

    private static OperationOutcome.IssueComponent Component(string source, ScoringIssue i, int more) => new()
    {
        Severity = i.Severity == IssueSeverity.Error ? OperationOutcome.IssueSeverity.Error : OperationOutcome.IssueSeverity.Warning,
        Code = IssueType(i.Code),
        Details = new CodeableConcept { Text = i.Code },
        Diagnostics = more == 0 ? $"{source}: {i.Message}" : $"{source}: {i.Message} ... and {more:N0} more like it",
        Expression = string.IsNullOrEmpty(i.Location) ? [] : [i.Location],
    };

    /// <summary>A message with quoted values and numbers replaced, so "item '3' appears ..." and "item '4' ..." match.</summary>
    private static string Shape(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"'[^']*'|\d+(\.\d+)?", "#");

    public static OperationOutcome Build(string source, string code, string message, string? location = null) =>
        Build(source, [new ScoringIssue(IssueSeverity.Error, code, message, location ?? "")]);

    private static OperationOutcome.IssueType IssueType(string code) => code switch
    {
        "invalid-json" or "not-fhir" or "invalid-resource" or "byte-order-mark" => OperationOutcome.IssueType.Structure,
        "unknown-questionnaire" => OperationOutcome.IssueType.NotFound,
        "no-subject" or "no-authored" => OperationOutcome.IssueType.Required,
        "subject-not-patient" or "authored-implausible" or "ehr-score-unusable" => OperationOutcome.IssueType.Value,
        "response-seen-twice" or "response-duplicate" => OperationOutcome.IssueType.Duplicate,
        "unknown-resource-type" => OperationOutcome.IssueType.NotSupported,
        "line-too-large" or "body-too-large" => OperationOutcome.IssueType.TooLong,
        "too-many-issues" => OperationOutcome.IssueType.TooCostly,
        "unknown-item" or "duplicate-item" or "multiple-answers" => OperationOutcome.IssueType.Structure,
        "answer-out-of-range" or "answer-wrong-type" => OperationOutcome.IssueType.Value,
        "too-many-missing" => OperationOutcome.IssueType.Incomplete,
        "safety-signal-unattributed" => OperationOutcome.IssueType.BusinessRule,
        _ when code.StartsWith("safety-", StringComparison.Ordinal) => OperationOutcome.IssueType.Informational,
        _ => OperationOutcome.IssueType.Invalid,
    };
}
