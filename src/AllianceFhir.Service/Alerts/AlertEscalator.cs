using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;
using AllianceFhir.Core.Resources;
using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.State;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Alerts;

/// <summary>
/// Escalates safety alerts nobody acknowledged within <see cref="AlertsOptions.EscalationWindow"/>: one Task (or
/// Communication where the EHR cannot create Tasks) per alert per window, to <see cref="AlertsOptions.EscalationRecipient"/>.
/// Runs at the end of every safety sweep, after the read-back, so an acknowledgement made in the app stops it. Safe to
/// run twice: the escalation's identifier is deterministic and the store records each window once.
/// </summary>
public sealed class AlertEscalator(
    PatientAlertStore store,
    WriteBackService writeBack,
    IOptions<AlertsOptions> options,
    TimeProvider time,
    ILogger<AlertEscalator> log)
{
    private static readonly AlertChannel[] Channels = [AlertChannel.Task, AlertChannel.Communication];

    public async Task<int> RunAsync(IEhrWriter ehr, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var window = options.Value.EscalationWindow;
        var due = (await store.UnacknowledgedSafetyAsync(now - window, ct))
            .Select(a => (Alert: a, Number: Escalation.WindowNumber(a.RaisedAt, now, window)))
            .Where(x => x.Number > x.Alert.Escalations)
            .ToList();
        if (due.Count == 0) return 0;

        var recipient = options.Value.EscalationRecipient;
        if (recipient is null)
            log.LogWarning("Alerts:EscalationRecipient is not set: {Count} escalations are written unaddressed", due.Count);
        var channel = WritePlanner.Channel(await ehr.WriteCapabilitiesAsync(ct), Channels);
        var escalations = due.Select(x => new Escalation(x.Alert.Key, x.Number, x.Alert.Patient,
            x.Alert.EhrId is null || x.Alert.EhrType is null ? null : $"{x.Alert.EhrType}/{x.Alert.EhrId}",
            recipient, window, x.Alert.RaisedAt, now, x.Alert.Summary)).ToList();

        IReadOnlyDictionary<string, string?> ids = new Dictionary<string, string?>();
        if (channel is { } c)
        {
            var resources = escalations.Select(e => EscalationResourceBuilder.Build(e, c)).ToList<Resource>();
            ids = (await writeBack.WriteAsync(ehr, $"escalation-{now:yyyyMMddTHHmmss}", resources, [], ct)).EhrIds;
        }
        else log.LogCritical("{Endpoint} can create neither Task nor Communication: {Count} escalations are recorded in the service only", ehr.Name, escalations.Count);

        var marked = 0;
        foreach (var e in escalations)
        {
            var reference = channel is { } ch && ids.TryGetValue(ResourceIds.For("alert", e.Key), out var id) && id is not null ? $"{ch}/{id}" : null;
            if (await store.MarkEscalatedAsync(e.AlertKey, e.Number, now, reference, recipient, ct)) marked++;
        }
        log.LogInformation("Escalation: {Count} unacknowledged safety alerts escalated", marked);
        return marked;
    }
}
