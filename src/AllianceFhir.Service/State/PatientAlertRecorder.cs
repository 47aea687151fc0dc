using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Pipeline;
using AllianceFhir.Core.Resources;

namespace AllianceFhir.Service.State;

/// <summary>
/// Keeps <see cref="PatientAlertStore"/> in step with what the jobs plan: alerts raised (with the EHR id once written),
/// ruptures resolved when Core's RuptureDetector reports every episode at their start repaired, and not-on-track
/// signals replaced by the series' current one.
/// </summary>
public sealed class PatientAlertRecorder(PatientAlertStore store, TimeProvider time)
{
    /// <summary>Safety alerts (sweep or batch); <paramref name="ehrIds"/> maps alert identifier values to the EHR's ids.</summary>
    public Task RecordSafetyAsync(IReadOnlyList<AlertIntent> alerts, IReadOnlyDictionary<string, string?> ehrIds, CancellationToken ct) =>
        store.RecordAsync(alerts.Select(a => PatientAlert.From(a, null, time.GetUtcNow(), EhrId(a, ehrIds))).ToList(), ct);

    /// <summary>What a batch's completed series say: new rupture and not-on-track alerts, repairs, superseded signals.</summary>
    public async Task RecordOutcomesAsync(IReadOnlyList<PatientOutcome> outcomes, IReadOnlyDictionary<string, string?> ehrIds, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var series = outcomes.SelectMany(p => p.Series).ToList();
        await store.RecordAsync(series.SelectMany(s => s.Alerts.Select(a => PatientAlert.From(a, SeriesOf(s), now, EhrId(a, ehrIds)))).ToList(), ct);

        var repaired = series.SelectMany(s => s.Ruptures.GroupBy(e => e.StartDate)
                .Where(g => g.All(e => e.Repaired))
                .Select(g => (AlertPlanner.RuptureKey(s.Key, g.Key), g.Max(e => e.RepairDate!.Value))))
            .ToList();
        await store.ResolveAsync(repaired, ct);

        var tracked = series.Where(s => s.Trajectory is not null)
            .Select(s => (s.Key.PatientReference, SeriesOf(s), s.Alerts.FirstOrDefault(a => a.Kind == AlertKind.NotOnTrack)?.Key))
            .ToList();
        await store.SupersedeAsync(tracked, AlertKind.NotOnTrack, now, ct);
    }

    private static string SeriesOf(SeriesOutcome s) => $"{s.Key.InstrumentId}|{s.Key.ScaleKey}";

    private static string? EhrId(AlertIntent a, IReadOnlyDictionary<string, string?> ehrIds) =>
        ehrIds.TryGetValue(ResourceIds.For("alert", a.Key), out var id) ? id : null;
}
