using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.Service.Ingest;
using AllianceFhir.Service.Nightly;
using AllianceFhir.State;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;
using Task = Hl7.Fhir.Model.Task;

namespace AllianceFhir.Service.Alerts;

/// <summary>
/// The app's acknowledge and resolve reach the service this way (docs/adr/0008-alert-lifecycle.md): on every safety
/// sweep, our alert resources and Provenances changed in the EHR since this reader's checkpoint are read back, and
/// what a clinician did there (status, and who/when from the app's Provenance or the resource itself) becomes a
/// lifecycle step in the store. The EHR is the one source of truth for clinician actions.
/// </summary>
public sealed class AlertReadBack(
    PatientAlertStore store,
    AlertLifecycle lifecycle,
    CheckpointStore checkpoints,
    IOptions<WriteBackOptions> writeBack,
    IOptions<NightlyOptions> jobs,
    ILogger<AlertReadBack> log)
{
    public const string CheckpointId = "safety-sweep-alert-status";

    /// <summary>Reads back and records; returns how many steps were recorded.</summary>
    public async Task<int> RunAsync(IEhrEndpoint ehr, CancellationToken ct)
    {
        var checkpoint = await checkpoints.GetAsync(CheckpointId, ct);
        var since = checkpoint?.AddMinutes(-jobs.Value.OverlapMinutes);
        var capabilities = await ehr.WriteCapabilitiesAsync(ct);
        DateTimeOffset? newest = null;
        var steps = new List<(string Reference, AlertStep Step)>();
        var alerts = new List<Resource>();

        // The channels alerts are written in (every configured one the EHR accepts: a site that changed its order
        // keeps older alerts in another), and the Provenances the app writes for who and when.
        var types = writeBack.Value.AlertChannels.Where(c => capabilities.CanCreate(c.ToString())).Select(c => c.ToString()).Distinct().ToList();
        var complete = true;
        foreach (var type in types.Append("Provenance"))
        {
            try
            {
                await foreach (var entry in ehr.ChangedSinceAsync(type, since, null, ct))
                {
                    if (entry.LastUpdated > newest || newest is null) newest = entry.LastUpdated ?? newest;
                    switch (entry.Resource)
                    {
                        case Provenance p when AlertEhrStatus.ActionOf(p.Activity?.Text) is { } action && p.Recorded is { } at:
                            var who = p.Agent.FirstOrDefault()?.Who;
                            foreach (var target in p.Target.Select(t => StripVersion(t.Reference)).OfType<string>())
                                steps.Add((target, new AlertStep(action, who?.Reference ?? who?.Display ?? "unknown", at, "in the EHR")));
                            break;
                        case Flag or Task or Communication when IsOurAlert(entry.Resource):
                            alerts.Add(entry.Resource);
                            break;
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Keep the checkpoint: the next sweep reads this span again.
                complete = false;
                log.LogError("Alert read-back could not read {Type} changes from {Endpoint}: {Error}", type, ehr.Name, e.Message);
            }
        }

        foreach (var resource in alerts)
        {
            var state = AlertEhrStatus.StateOf(resource);
            if (state == AlertState.Raised) continue;
            var (by, at) = WhoAndWhen(resource, state);
            steps.Add(($"{resource.TypeName}/{resource.Id}", new AlertStep(state, by, at, "in the EHR")));
        }

        var recorded = 0;
        var byId = (await store.ByEhrIdsAsync(steps.Select(s => s.Reference.Split('/').Last()).Distinct().ToList(), ct))
            .ToLookup(a => a.EhrId!, StringComparer.Ordinal);
        // The Provenance (who and when the app recorded) before the resource's own dates; acknowledgement before resolution.
        foreach (var (reference, step) in steps.OrderBy(s => s.Step.To).ThenBy(s => s.Step.By == "unknown").ThenBy(s => s.Step.At))
        {
            var parts = reference.Split('/');
            if (parts.Length != 2) continue;
            var alert = byId[parts[1]].FirstOrDefault(a => a.EhrType is null || a.EhrType.ToString() == parts[0]);
            if (alert is null) continue;
            if (await lifecycle.RecordFromEhrAsync(alert.Key, step, ct) == AlertTransitionResult.Moved) recorded++;
        }
        if (complete && newest is not null) await checkpoints.AdvanceAsync(CheckpointId, newest.Value, ct);
        if (recorded > 0) log.LogInformation("Alert read-back: {Steps} lifecycle steps taken in the EHR recorded", recorded);
        return recorded;
    }

    private static bool IsOurAlert(Resource r) => r switch
    {
        Flag f => Ours(f.Identifier, f.Code),
        Task t => Ours(t.Identifier, t.Code),
        Communication c => Ours(c.Identifier, c.ReasonCode.FirstOrDefault()),
        _ => false,
    };

    private static bool Ours(List<Identifier> identifiers, CodeableConcept? code) =>
        identifiers.Any(i => i.System == CanonicalUrls.AlertIdentifierSystem)
        && code?.Coding.Any(c => c.System == CanonicalUrls.ProjectCodeSystem && c.Code == AlertReasons.EscalationCode) != true;

    /// <summary>Who and when from the resource itself, for EHRs where no Provenance was written (the app then writes a note).</summary>
    private static (string By, DateTimeOffset At) WhoAndWhen(Resource r, AlertState state)
    {
        var lastUpdated = r.Meta?.LastUpdated ?? DateTimeOffset.MinValue;
        var notes = r switch { Task t => t.Note, Communication c => c.Note, _ => [] };
        var note = notes.LastOrDefault(n => AlertEhrStatus.ActionOf(n.Text) == state);
        var noteBy = (note?.Author as ResourceReference)?.Reference;
        var noteAt = note?.TimeElement?.ToDateTimeOffset(TimeSpan.Zero);
        return r switch
        {
            Task t => (noteBy ?? t.Owner?.Reference ?? "unknown", noteAt ?? t.LastModifiedElement?.ToDateTimeOffset(TimeSpan.Zero) ?? lastUpdated),
            Communication c => (noteBy ?? c.Recipient.LastOrDefault()?.Reference ?? "unknown",
                noteAt ?? (state == AlertState.Acknowledged ? c.ReceivedElement?.ToDateTimeOffset(TimeSpan.Zero) : null) ?? lastUpdated),
            Flag f => ("unknown", f.Period?.EndElement?.ToDateTimeOffset(TimeSpan.Zero) ?? lastUpdated),
            _ => ("unknown", lastUpdated),
        };
    }

    private static string? StripVersion(string? reference)
    {
        if (reference is null) return null;
        var history = reference.IndexOf("/_history/", StringComparison.Ordinal);
        return history > 0 ? reference[..history] : reference;
    }
}
