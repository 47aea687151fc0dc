using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;
using AllianceFhir.Core.Resources;
using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.State;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Alerts;

/// <summary>
/// The one way an alert changes state (docs/adr/0008-alert-lifecycle.md): Core's state machine decides, the store
/// records the step and its event, and the EHR resource is written again in the new state so its status mirrors it.
/// Steps the EHR already shows (read back from it by the sweep) are recorded without writing.
/// </summary>
public sealed class AlertLifecycle(
    PatientAlertStore store,
    WriteBackService writeBack,
    IOptions<WriteBackOptions> writeBackOptions,
    TimeProvider time,
    ILogger<AlertLifecycle> log)
{
    /// <summary>Every alert raised from <paramref name="responseReference"/> becomes entered-in-error, in the store and the EHR.</summary>
    public async System.Threading.Tasks.Task RetractRaisedFromAsync(IEhrWriter ehr, string responseReference, string reason, CancellationToken ct)
    {
        var step = new AlertStep(AlertState.EnteredInError, PatientAlertStore.Service, time.GetUtcNow(), reason);
        var moved = new List<PatientAlert>();
        foreach (var alert in await store.ByEvidenceAsync(responseReference, ct))
            if (await store.TransitionAsync(alert.Key, step, "service", ct) is (AlertTransitionResult.Moved, { } after)) moved.Add(after);
        await MirrorAsync(ehr, moved, ct);
    }

    /// <summary>The reason the service resolves a safety alert whose response was amended to no positive answer.</summary>
    public const string ResponseAmended = "response amended";

    /// <summary>
    /// Safety alerts raised again that the service itself resolved because their response was amended away (a later
    /// amendment restored the positive answer): raised again in the store and, through <see cref="MirrorAsync"/>, active
    /// again in the EHR. An alert a clinician resolved stays resolved: the same unchanged answer read again is not new.
    /// </summary>
    public async System.Threading.Tasks.Task RaiseAgainAsync(IEhrWriter ehr, IReadOnlyList<AlertIntent> alerts, CancellationToken ct)
    {
        if (alerts.Count == 0) return;
        var step = new AlertStep(AlertState.Raised, PatientAlertStore.Service, time.GetUtcNow(), AlertTransitions.RaisedAgain);
        var moved = new List<PatientAlert>();
        var amendedAway = (await store.ByKeysAsync(alerts.Select(a => a.Key).ToList(), ct))
            .Where(a => a is { State: AlertState.Resolved, ResolvedBy: PatientAlertStore.Service, ResolvedWhy: ResponseAmended });
        foreach (var alert in amendedAway)
            if (await store.TransitionAsync(alert.Key, step, "service", ct) is (AlertTransitionResult.Moved, { } after)) moved.Add(after);
        await MirrorAsync(ehr, moved, ct);
    }

    /// <summary>Resolves one alert (a repair, an amendment that removed the signal), in the store and the EHR.</summary>
    public System.Threading.Tasks.Task ResolveAsync(IEhrWriter ehr, string alertKey, string reason, string by, CancellationToken ct) =>
        ResolveManyAsync(ehr, [(alertKey, time.GetUtcNow(), reason)], by, ct);

    /// <summary>Resolves several alerts, each at its own time (a rupture at its repair date), in the store and the EHR.</summary>
    public async System.Threading.Tasks.Task ResolveManyAsync(IEhrWriter ehr, IReadOnlyCollection<(string Key, DateTimeOffset At, string Why)> resolutions, string by, CancellationToken ct)
    {
        var moved = new List<PatientAlert>();
        foreach (var (key, at, why) in resolutions)
            if (await store.TransitionAsync(key, new AlertStep(AlertState.Resolved, by, at, why), "service", ct) is (AlertTransitionResult.Moved, { } after)) moved.Add(after);
        await MirrorAsync(ehr, moved, ct);
    }

    /// <summary>
    /// A step a clinician took in the EHR (through the app, or the EHR's own screens), read back by the sweep: recorded
    /// in the store only, since the EHR already shows it. A refused step is recorded as such and logged.
    /// </summary>
    public async Task<AlertTransitionResult> RecordFromEhrAsync(string alertKey, AlertStep step, CancellationToken ct)
    {
        var (result, alert) = await store.TransitionAsync(alertKey, step, "ehr", ct);
        if (result == AlertTransitionResult.Refused && alert is not null)
            log.LogWarning("The EHR shows an alert {State} that the store holds {Current}: refused and recorded in alert_events",
                AlertTransitions.Code(step.To), AlertTransitions.Code(alert.State));
        return result;
    }

    /// <summary>
    /// Writes each alert again in its current state (status, period.end, a note with who and why) through
    /// <see cref="WriteBackService.ReviseAsync"/>: updated in place where the EHR allows update on the type, else a
    /// replacement naming the old one (the ledger and the store then point at the replacement).
    /// </summary>
    public async Task<WriteSummary> MirrorAsync(IEhrWriter ehr, IReadOnlyList<PatientAlert> alerts, CancellationToken ct)
    {
        var written = alerts.Where(a => a.EhrId is not null).ToList();
        if (written.Count == 0) return WriteSummary.Empty;
        var fallback = WritePlanner.Channel(await ehr.WriteCapabilitiesAsync(ct), writeBackOptions.Value.AlertChannels);
        var revised = new List<(PatientAlert Alert, AlertChannel Channel, Resource Resource)>();
        foreach (var a in written)
            if ((a.EhrType ?? fallback) is { } channel)
                revised.Add((a, channel, AlertResourceBuilder.Build(a.ToIntent(), channel, a.LatestStep)));
        var summary = await writeBack.ReviseAsync(ehr, $"alert-lifecycle-{time.GetUtcNow():yyyyMMddTHHmmss}", revised.Select(r => r.Resource).ToList(), ct);
        foreach (var (alert, channel, resource) in revised)
            if (summary.EhrIds.TryGetValue(resource.Id!, out var id) && id is not null && id != alert.EhrId)
                await store.SetEhrIdAsync(alert.Key, id, channel, ct);
        if (summary.Failed > 0)
            log.LogError("{Failed} of {Count} alert status updates were refused by {Endpoint}: see the ledger", summary.Failed, revised.Count, ehr.Name);
        return summary;
    }
}
