using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;
using AllianceFhir.Core.Resources;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Ehr.Clinical;
using AllianceFhir.Service.Ingest;
using AllianceFhir.State;
using AllianceFhir.Ehr.WriteBack;
using Hangfire;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Nightly;

/// <summary>
/// safety-sweep, every few minutes: new responses since its own checkpoint, safety items only. A positive PHQ-9
/// item 9 is alerted now, not at 02:00. The nightly job later writes the same alert identifier and finds it.
/// Then the alert lifecycle: what clinicians did with alerts in the EHR is read back into the store, and safety
/// alerts nobody acknowledged in time are escalated (docs/adr/0008-alert-lifecycle.md).
/// </summary>
public sealed class SafetySweepJob(
    IEhrEndpoint ehr,
    EngineContext engine,
    CheckpointStore checkpoints,
    WriteBackService writeBack,
    Alerts.PatientAlertRecorder patientAlerts,
    PatientAlertStore alertStore,
    Alerts.AlertLifecycle lifecycle,
    Alerts.AlertReadBack readBack,
    Alerts.AlertEscalator escalator,
    Plans.QuestionnaireTaskCompleter questionnaireTasks,
    IOptions<NightlyOptions> options,
    ILogger<SafetySweepJob> log)
{
    public const string JobId = "safety-sweep";

    [DisableConcurrentExecution(timeoutInSeconds: 10 * 60)]
    [AutomaticRetry(Attempts = 0)] // the next sweep, minutes away, retries from the same checkpoint
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var checkpoint = await checkpoints.GetAsync(JobId, ct);
        var scorer = new ResponseScorer(engine.Catalogue);
        var alerts = new List<AlertIntent>();
        var retracted = new List<string>();
        var withoutSignal = new List<string>();
        var answeredTasks = new List<(string Response, string? Patient, string Task)>();
        DateTimeOffset? newest = null;
        await foreach (var entry in ehr.ChangedSinceAsync("QuestionnaireResponse", checkpoint?.AddMinutes(-options.Value.OverlapMinutes), null, ct))
        {
            if (entry.LastUpdated > newest || newest is null) newest = entry.LastUpdated ?? newest;
            if (entry.Resource is QuestionnaireResponse { Status: QuestionnaireResponse.QuestionnaireResponseStatus.EnteredInError } withdrawn)
            {
                // Never said (docs/domain.md §7): never alerted, and an alert raised from an earlier version is withdrawn.
                retracted.Add($"QuestionnaireResponse/{withdrawn.Id}");
                continue;
            }
            if (entry.Resource is QuestionnaireResponse { Status: QuestionnaireResponse.QuestionnaireResponseStatus.Completed or QuestionnaireResponse.QuestionnaireResponseStatus.Amended } answered)
                foreach (var task in answered.BasedOn.Select(b => b.Reference).Where(r => r?.StartsWith("Task/", StringComparison.Ordinal) == true))
                    answeredTasks.Add(($"QuestionnaireResponse/{answered.Id}", answered.Subject?.Reference, task!));
            // A response that did not parse still has its safety item read from the raw JSON (docs/adr/0001).
            var result = entry switch
            {
                { Resource: QuestionnaireResponse response } => scorer.Score(response),
                { Resource: null, ResourceType: "QuestionnaireResponse", Json: { } json } => scorer.ScoreUnparsed(json, ScoringIssue.Unparsed),
                _ => null,
            };
            if (result is null) continue;
            var reference = $"QuestionnaireResponse/{result.ResponseId}";
            if (AlertPlanner.ForSafety(result, reference) is { } alert) alerts.Add(alert);
            // Only a response read in full can show that an earlier positive answer was amended away.
            else if (!result.HasPositiveSafetySignal && entry.Resource is not null) withoutSignal.Add(AlertPlanner.SafetyKey(reference));
            else if (result.HasPositiveSafetySignal)
                log.LogCritical("A positive safety item in QuestionnaireResponse/{Id} names no patient: it needs review by hand", result.ResponseId);
        }
        if (alerts.Count > 0)
        {
            var written = await writeBack.WriteAsync(ehr, $"{JobId}-{newest:yyyyMMddTHHmmss}", [], alerts, ct);
            await patientAlerts.RecordSafetyAsync(ehr, alerts, written.EhrIds, ct);
            await lifecycle.RaiseAgainAsync(ehr, alerts, ct);
        }
        // Within minutes, not at 02:00: a retracted response's alert is entered-in-error; one whose amendment removed the
        // positive answer is resolved with the reason, so the audit trail survives (docs/adr/0009-following-the-record.md).
        foreach (var reference in retracted) await lifecycle.RetractRaisedFromAsync(ehr, reference, "response entered-in-error", ct);
        var amendedAway = withoutSignal.Count == 0 ? [] : (await alertStore.ByKeysAsync(withoutSignal, ct)).Where(a => a.State is AlertState.Raised or AlertState.Acknowledged).ToList();
        foreach (var a in amendedAway) await lifecycle.ResolveAsync(ehr, a.Key, Alerts.AlertLifecycle.ResponseAmended, AlertResourceBuilder.AuthorDisplay, ct);
        if (newest is not null) await checkpoints.AdvanceAsync(JobId, newest.Value, ct);
        log.LogInformation("Safety sweep: {Alerts} safety alerts written, {Retracted} responses retracted, {Resolved} alerts resolved by an amendment",
            alerts.Count, retracted.Count, amendedAway.Count);
        await readBack.RunAsync(ehr, ct);
        await escalator.RunAsync(ehr, ct);
        // An assigned questionnaire answered: its Task completed within minutes (docs/adr/0012-measurement-plans.md).
        await questionnaireTasks.CompleteNamedAsync(ehr, answeredTasks, ct);
        return alerts.Count;
    }
}
