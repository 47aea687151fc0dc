using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Service.Ingest;
using AllianceFhir.Service.State;
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
    PatientAlertRecorder patientAlerts,
    Alerts.AlertReadBack readBack,
    Alerts.AlertEscalator escalator,
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
        DateTimeOffset? newest = null;
        await foreach (var entry in ehr.ChangedSinceAsync("QuestionnaireResponse", checkpoint?.AddMinutes(-options.Value.OverlapMinutes), null, ct))
        {
            if (entry.LastUpdated > newest || newest is null) newest = entry.LastUpdated ?? newest;
            if (entry.Resource is not QuestionnaireResponse response) continue;
            var result = scorer.Score(response);
            if (AlertPlanner.ForSafety(result, $"QuestionnaireResponse/{response.Id}") is { } alert) alerts.Add(alert);
            else if (result.HasPositiveSafetySignal)
                log.LogCritical("A positive safety item in QuestionnaireResponse/{Id} names no patient: it needs review by hand", response.Id);
        }
        if (alerts.Count > 0)
        {
            var written = await writeBack.WriteAsync(ehr, $"{JobId}-{newest:yyyyMMddTHHmmss}", [], alerts, ct);
            await patientAlerts.RecordSafetyAsync(ehr, alerts, written.EhrIds, ct);
        }
        if (newest is not null) await checkpoints.AdvanceAsync(JobId, newest.Value, ct);
        log.LogInformation("Safety sweep: {Alerts} safety alerts written", alerts.Count);
        await readBack.RunAsync(ehr, ct);
        await escalator.RunAsync(ehr, ct);
        return alerts.Count;
    }
}
