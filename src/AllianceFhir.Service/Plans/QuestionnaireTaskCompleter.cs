using AllianceFhir.Core.Resources;
using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.Service.Ingest;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace AllianceFhir.Service.Plans;

/// <summary>
/// Completes our questionnaire Tasks that new responses name in <c>basedOn</c>, from the safety sweep (every few
/// minutes) rather than at the next assign-questionnaires run: a Task the client has done should not stay open in the
/// EHR's lists for an hour. Only Tasks carrying our identifier, still open, for the response's own patient.
/// </summary>
public sealed class QuestionnaireTaskCompleter(WriteBackService writeBack, TimeProvider time, ILogger<QuestionnaireTaskCompleter> log)
{
    /// <summary>QuestionnaireTasks.OpenStatuses as R4's enum.</summary>
    private static readonly Task.TaskStatus[] Open =
        [Task.TaskStatus.Requested, Task.TaskStatus.Ready, Task.TaskStatus.Received, Task.TaskStatus.Accepted, Task.TaskStatus.InProgress];

    /// <param name="named">Per response: its reference, its subject and the Task it names.</param>
    public async Task<int> CompleteNamedAsync(IEhrEndpoint ehr, IReadOnlyList<(string Response, string? Patient, string Task)> named, CancellationToken ct)
    {
        if (named.Count == 0 || ehr is not IEhrSearch search) return 0;
        try
        {
            var tasks = new List<Task>();
            foreach (var chunk in named.Select(n => n.Task["Task/".Length..]).Distinct(StringComparer.Ordinal).Chunk(100))
                await foreach (var r in search.SearchAsync("Task", [new("_id", string.Join(",", chunk))], ct))
                    if (r is Task t && QuestionnaireTaskBuilder.WriteIdentifier(t) is not null && t.Status is { } s && Open.Contains(s))
                        tasks.Add(t);
            var now = time.GetUtcNow();
            var completed = tasks
                .Select(t => (Task: t, By: named.FirstOrDefault(n => n.Task == $"Task/{t.Id}" && n.Patient == t.For?.Reference)))
                .Where(x => x.By.Response is not null)
                .Select(x => QuestionnaireTaskBuilder.Completed(x.Task, x.By.Response, now)).ToList<Resource>();
            if (completed.Count > 0) await writeBack.ReviseAsync(ehr, $"questionnaire-tasks-{now:yyyyMMddTHHmmss}", completed, ct);
            return completed.Count;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never fails the safety sweep: assign-questionnaires completes them at its next run.
            log.LogWarning("Questionnaire Tasks named by new responses were not completed now ({Error}); the next assign-questionnaires run will", e.GetType().Name);
            return 0;
        }
    }
}
