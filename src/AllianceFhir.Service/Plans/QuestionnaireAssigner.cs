using System.Globalization;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Plans;
using AllianceFhir.Core.Resources;
using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.Service.Ingest;
using AllianceFhir.State;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Plans;

/// <summary>
/// One run of the measurement plans (docs/adr/0012-measurement-plans.md): complete the open Tasks a response answers,
/// expire the overdue ones, assign what is due now, remind owners whose Task is about to close. Every write goes
/// through <see cref="WriteBackService"/> like alerts do: new Tasks with a deterministic identifier (If-None-Exist, or
/// the ledger plus a search), state changes as revisions (update in place, or a replacement where the EHR forbids
/// update), 5xx/408/429 fail the run for a retry, 4xx are refused for good and recorded. Where the EHR refuses Task
/// (absent from its CapabilityStatement, or a 4xx), each due questionnaire goes to the quarantine list
/// (<c>/api/quarantine</c>, source <c>measurement-plans</c>) so an operator sees who did not get it.
/// </summary>
public sealed class QuestionnaireAssigner(
    PlanFactsReader reader,
    WriteBackService writeBack,
    QuarantineStore quarantine,
    IOptions<MeasurementPlansOptions> options,
    TimeProvider time,
    ILogger<QuestionnaireAssigner> log)
{
    public const string QuarantineSource = "measurement-plans";

    public async System.Threading.Tasks.Task<AssignmentRun> RunAsync(IEhrEndpoint ehr, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            log.LogInformation("Measurement plans are off ({Key}=false): nothing assigned", $"{MeasurementPlansOptions.Section}:{nameof(o.Enabled)}");
            return new AssignmentRun(0, 0, 0, 0, 0, 0, 0);
        }
        if (ehr is not IEhrSearch search)
        {
            log.LogWarning("Measurement plans need a live FHIR server ({Endpoint} cannot be searched): nothing assigned", ehr.Name);
            return new AssignmentRun(0, 0, 0, 0, 0, 0, 0);
        }
        var now = time.GetUtcNow();
        var runId = $"assign-questionnaires-{now:yyyyMMddTHHmmss}";
        var capabilities = await ehr.WriteCapabilitiesAsync(ct);
        var facts = await reader.ReadAsync(search, now, ct);

        // Completed first: a response in on time wins over the period that ended since.
        var matched = TaskCompletion.Match(facts.OpenTasks.Select(t => t.Open).ToList(), facts.Responses);
        var byReference = facts.OpenTasks.ToDictionary(t => t.Open.Reference, t => t.Resource, StringComparer.Ordinal);
        var completed = matched.Select(m => QuestionnaireTaskBuilder.Completed(byReference[m.Task.Reference], m.Response.Reference, now)).ToList();
        var done = matched.Select(m => m.Task.Reference).ToHashSet(StringComparer.Ordinal);
        var stillOpen = facts.OpenTasks.Where(t => !done.Contains(t.Open.Reference)).ToList();
        var expired = stillOpen.Where(t => TaskCompletion.IsOverdue(t.Open, now)).Select(t => QuestionnaireTaskBuilder.Expired(t.Resource, now)).ToList();
        if (completed.Count + expired.Count > 0) await writeBack.ReviseAsync(ehr, runId, [.. completed, .. expired], ct);

        var due = facts.Patients.SelectMany(p => MeasurementSchedule.Due(p, now, o.SessionLeadTime)).ToList();
        var (assigned, existed, notWritten) = await AssignAsync(ehr, capabilities, due, o.Requester!, now, runId, ct);

        var reminded = 0;
        if (o.ReminderBefore is { } before && stillOpen.Count > 0)
        {
            var closing = stillOpen.Where(t => t.Open.PeriodEnd is { } end && now < end && now >= end - before).ToList();
            if (closing.Count > 0 && capabilities.CanCreate("Communication"))
            {
                var reminders = closing.Select(t => QuestionnaireTaskBuilder.Reminder(t.Resource, t.Open.Reference, now)).ToList<Resource>();
                reminded = (await writeBack.WriteAsync(ehr, runId, reminders, [], ct)).Created;
            }
            else if (closing.Count > 0)
                log.LogInformation("{Endpoint} takes no Communication: {Count} reminders not sent (the Tasks stay open in the EHR)", ehr.Name, closing.Count);
        }

        var run = new AssignmentRun(facts.Patients.Count, assigned, existed, notWritten, completed.Count, expired.Count, reminded);
        log.LogInformation("Measurement plans: {Run}", run.ToString());
        return run;
    }

    private async System.Threading.Tasks.Task<(int Assigned, int Existed, int NotWritten)> AssignAsync(IEhrEndpoint ehr, EhrWriteCapabilities capabilities,
        IReadOnlyList<QuestionnaireAssignment> due, string requester, DateTimeOffset now, string runId, CancellationToken ct)
    {
        if (due.Count == 0) return (0, 0, 0);
        if (!capabilities.CanCreate("Task"))
        {
            await QuarantineAsync(due, $"{ehr.Name} cannot create Task (CapabilityStatement)", runId, ct);
            log.LogError("{Endpoint} cannot create Task: {Count} due questionnaires are in the quarantine list instead", ehr.Name, due.Count);
            return (0, 0, due.Count);
        }
        var tasks = due.Select(a => QuestionnaireTaskBuilder.Build(a, requester, now)).ToList<Resource>();
        // All due Tasks in one call: the write-back transport sends them as batch Bundles of WriteBack:BundleSize entries
        // (default 200), never one request per Task; a refused entry does not sink the rest (batch, not transaction).
        var written = await writeBack.WriteAsync(ehr, runId, tasks, [], ct);
        var refused = due.Where(a => !written.EhrIds.ContainsKey(a.Id)).ToList();
        if (refused.Count > 0)
        {
            await QuarantineAsync(refused, $"{ehr.Name} refused the Task (4xx; the OperationOutcome is in the ledger)", runId, ct);
            log.LogError("{Endpoint} refused {Count} questionnaire Tasks: they are in the quarantine list", ehr.Name, refused.Count);
        }
        return (written.Created, written.Existed + written.SkippedByLedger, refused.Count);
    }

    /// <summary>The fallback: one quarantine row per due questionnaire, the same row however often it is found due.</summary>
    private System.Threading.Tasks.Task QuarantineAsync(IEnumerable<QuestionnaireAssignment> due, string why, string runId, CancellationToken ct) =>
        quarantine.AddAsync(due.Select(a => new QuarantineEntry(QuarantineSource, "Task", a.Id,
            $"Questionnaire not assigned: {why}. {a.Questionnaire} for {a.Patient} ({a.Informant.ToString().ToLowerInvariant()}, owner {a.Owner}), " +
            $"due {a.PeriodStart.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}–{a.PeriodEnd.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC: hand it over in the session or by other means",
            runId)), ct);
}
