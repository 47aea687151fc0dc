namespace AllianceFhir.Core.Plans;

/// <summary>
/// Which completed response completes which open Task (issue 13 §1): a response whose <c>basedOn</c> names the Task
/// first; otherwise one for the same patient and questionnaire, by the Task's owner, authored within the Task's
/// <c>restriction.period</c>. Each response completes at most one Task, and each Task takes the earliest match.
/// </summary>
public static class TaskCompletion
{
    public static IReadOnlyList<(OpenQuestionnaireTask Task, CompletedResponse Response)> Match(
        IReadOnlyList<OpenQuestionnaireTask> tasks, IReadOnlyList<CompletedResponse> responses)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var matched = new List<(OpenQuestionnaireTask, CompletedResponse)>();
        var open = new List<OpenQuestionnaireTask>();
        foreach (var t in tasks)
        {
            var named = responses.Where(r => !used.Contains(r.Reference) && r.BasedOn.Contains(t.Reference)).OrderBy(r => r.Authored).FirstOrDefault();
            if (named is null) { open.Add(t); continue; }
            used.Add(named.Reference);
            matched.Add((t, named));
        }
        foreach (var t in open.OrderBy(t => t.PeriodStart))
        {
            var r = responses
                .Where(r => !used.Contains(r.Reference) && r.BasedOn.Count(b => b.StartsWith("Task/", StringComparison.Ordinal)) == 0)
                .Where(r => MeasurementSchedule.Answers(r, t.Patient, t.Questionnaire, t.Owner ?? t.Patient))
                .Where(r => r.Authored is { } at && (t.PeriodStart is null || at >= t.PeriodStart) && (t.PeriodEnd is null || at <= t.PeriodEnd))
                .OrderBy(r => r.Authored).FirstOrDefault();
            if (r is null) continue;
            used.Add(r.Reference);
            matched.Add((t, r));
        }
        return matched;
    }

    /// <summary>Overdue: its period has ended with no response (it then expires).</summary>
    public static bool IsOverdue(OpenQuestionnaireTask task, DateTimeOffset now) => task.PeriodEnd is { } end && now > end;
}
