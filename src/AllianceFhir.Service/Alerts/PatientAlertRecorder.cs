using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Pipeline;
using AllianceFhir.Core.Resources;
using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.State;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Alerts;

/// <summary>
/// Keeps <see cref="PatientAlertStore"/> in step with what the jobs plan: alerts raised (with the EHR id and channel
/// once written), ruptures resolved when Core's RuptureDetector reports every episode at their start repaired, and
/// not-on-track signals replaced by the series' current one. Resolutions go through <see cref="AlertLifecycle"/>, so
/// the EHR resource follows (Flag inactive with period.end, Task or Communication completed).
/// </summary>
public sealed class PatientAlertRecorder(PatientAlertStore store, AlertLifecycle lifecycle, IOptions<WriteBackOptions> options, TimeProvider time)
{
    public const string RepairedWhy = "rupture repaired";
    public const string SupersededWhy = "superseded by the series' current signal";

    /// <summary>Safety alerts (sweep or batch); <paramref name="ehrIds"/> maps alert identifier values to the EHR's ids.</summary>
    public async Task RecordSafetyAsync(IEhrWriter ehr, IReadOnlyList<AlertIntent> alerts, IReadOnlyDictionary<string, string?> ehrIds, CancellationToken ct)
    {
        if (alerts.Count == 0) return;
        var channel = await ChannelAsync(ehr, ct);
        await store.RecordAsync(alerts.Select(a => PatientAlert.From(a, null, time.GetUtcNow(), EhrId(a, ehrIds), channel)).ToList(), ct);
    }

    /// <summary>What a batch's completed series say: new rupture and not-on-track alerts, repairs, superseded signals.</summary>
    public async Task RecordOutcomesAsync(IEhrWriter ehr, IReadOnlyList<PatientOutcome> outcomes, IReadOnlyDictionary<string, string?> ehrIds, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var channel = await ChannelAsync(ehr, ct);
        var series = outcomes.SelectMany(p => p.Series).ToList();
        await store.RecordAsync(series.SelectMany(s => s.Alerts.Select(a => PatientAlert.From(a, SeriesOf(s), now, EhrId(a, ehrIds), channel))).ToList(), ct);

        var resolutions = series.SelectMany(s => s.Ruptures.GroupBy(e => e.StartDate)
                .Where(g => g.All(e => e.Repaired))
                .Select(g => (AlertPlanner.RuptureKey(s.Key, g.Key), g.Max(e => e.RepairDate!.Value), RepairedWhy)))
            .ToList();
        foreach (var s in series.Where(s => s.Trajectory is not null))
        {
            var current = s.Alerts.FirstOrDefault(a => a.Kind == AlertKind.NotOnTrack)?.Key;
            foreach (var old in await store.OpenOnSeriesAsync(s.Key.PatientReference, SeriesOf(s), AlertKind.NotOnTrack, current, ct))
                resolutions.Add((old.Key, now, SupersededWhy));
        }
        // Only alerts the store knows are moved (an unknown key is refused without a trace): look them up first.
        var known = (await store.ByKeysAsync(resolutions.Select(r => r.Item1).Distinct().ToList(), ct)).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        await lifecycle.ResolveManyAsync(ehr, resolutions.Where(r => known.Contains(r.Item1)).ToList(), PatientAlertStore.Service, ct);
    }

    private async Task<AlertChannel?> ChannelAsync(IEhrWriter ehr, CancellationToken ct) =>
        WritePlanner.Channel(await ehr.WriteCapabilitiesAsync(ct), options.Value.AlertChannels);

    private static string SeriesOf(SeriesOutcome s) => $"{s.Key.InstrumentId}|{s.Key.ScaleKey}";

    private static string? EhrId(AlertIntent a, IReadOnlyDictionary<string, string?> ehrIds) =>
        ehrIds.TryGetValue(ResourceIds.For("alert", a.Key), out var id) ? id : null;
}
