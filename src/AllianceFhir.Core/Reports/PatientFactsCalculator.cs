using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Ruptures;
using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Core.Reports;

/// <summary>
/// One patient's facts for a period, from their score points up to the period's end. Reuses the engine's
/// ScoreSeries (ordering, de-duplication), TrajectoryCalculator, PairedOutcomeCalculator and RuptureDetector,
/// so a report counts exactly what the nightly pipeline wrote back. Definitions: docs/adr/0006-reports.md.
/// </summary>
public sealed class PatientFactsCalculator(InstrumentCatalogue catalogue, TrajectorySettings trajectorySettings, ReportSettings settings)
{
    private readonly TrajectoryCalculator _trajectories = new(trajectorySettings);

    /// <summary>A patient's sessions (distinct UTC days with any measure) and the days with an alliance measure, up to the period's end.</summary>
    public sealed record Timeline(IReadOnlyList<DateOnly> Sessions, IReadOnlySet<DateOnly> AllianceDays);

    public (PatientFacts Facts, Timeline Timeline) Calculate(string patient, ReportPatient? demographics, IEnumerable<(SeriesKey Key, ScorePoint Point)> points, ReportPeriod period)
    {
        var bySeries = new Dictionary<SeriesKey, ScoreSeries>();
        foreach (var (key, point) in points)
        {
            if (point.When >= period.End) continue;
            if (!bySeries.TryGetValue(key, out var s)) bySeries[key] = s = new ScoreSeries(key);
            s.Add(point);
        }

        var ordered = new List<(SeriesKey Key, Instrument Instrument, ScaleDefinition Scale, IReadOnlyList<ScorePoint> Points)>();
        foreach (var (key, series) in bySeries.OrderBy(kv => kv.Key.InstrumentId, StringComparer.Ordinal).ThenBy(kv => kv.Key.ScaleKey, StringComparer.Ordinal))
        {
            if (catalogue.FindById(key.InstrumentId) is not { } instrument || instrument.FindScale(key.ScaleKey) is not { } scale) continue;
            ordered.Add((key, instrument, scale, series.Ordered()));
        }

        var sessions = ordered.SelectMany(s => s.Points).Select(p => Day(p.When)).Distinct().Order().ToList();
        // Alliance series: each alliance instrument's total scale (subscales would count the same session twice).
        var alliance = ordered.Where(s => s.Instrument.Category == InstrumentCategory.Alliance && s.Scale.Key == s.Instrument.TotalScale.Key).ToList();
        var allianceDays = alliance.SelectMany(s => s.Points).Select(p => Day(p.When)).ToHashSet();

        var sessionsInPeriod = sessions.Count(d => InPeriod(d, period));
        var measuredInPeriod = allianceDays.Count(d => InPeriod(d, period));
        var active = sessionsInPeriod > 0;
        var firstSessions = sessions.Take(settings.EarlySessions).ToHashSet();
        var earlyEligible = active && sessions.Count >= settings.EarlySessions;
        var earlyMeasured = earlyEligible && firstSessions.Overlaps(allianceDays);

        // Early alliance: the first alliance measure at one of the first sessions, on a 0–100 POMP scale
        // ((score − min) / (max − min) × 100; Cohen et al. 1999) so instruments can be pooled.
        var early = alliance
            .SelectMany(s => s.Points.Select(p => (s.Scale, Point: p)))
            .Where(x => firstSessions.Contains(Day(x.Point.When)))
            .OrderBy(x => x.Point.When).ThenBy(x => x.Point.SourceReference, StringComparer.Ordinal)
            .Select(x => (decimal?)Pomp(x.Point.Value, x.Scale))
            .FirstOrDefault();

        var (ruptures, repaired) = CountRuptures(alliance, period);

        var depression = ordered.FirstOrDefault(s => s.Key.InstrumentId == trajectorySettings.PairedDepressionInstrument && s.Scale.Key == s.Instrument.TotalScale.Key);
        var anxiety = ordered.FirstOrDefault(s => s.Key.InstrumentId == trajectorySettings.PairedAnxietyInstrument && s.Scale.Key == s.Instrument.TotalScale.Key);
        PairedOutcome? paired = null;
        if (depression.Points is { Count: >= 2 } && anxiety.Points is { Count: >= 2 } &&
            period.Contains(depression.Points[^1].When > anxiety.Points[^1].When ? depression.Points[^1].When : anxiety.Points[^1].When))
        {
            paired = PairedOutcomeCalculator.Calculate(
                _trajectories.Calculate(depression.Key, depression.Instrument, depression.Scale, depression.Points),
                _trajectories.Calculate(anxiety.Key, anxiety.Instrument, anxiety.Scale, anxiety.Points));
        }

        var facts = new PatientFacts(
            patient,
            Stratifier.Of(demographics, period),
            active,
            measuredInPeriod > 0,
            sessionsInPeriod,
            measuredInPeriod,
            active && measuredInPeriod >= settings.MeasuredShare * sessionsInPeriod,
            earlyEligible,
            earlyMeasured,
            ruptures,
            repaired,
            paired is not null,
            paired?.CaseAtFirst == true,
            paired?.ReliableImprovement == true,
            paired?.Recovery == true,
            paired?.ReliableRecovery == true,
            early,
            paired?.Depression.Improvement,
            paired?.Anxiety.Improvement);
        return (facts, new Timeline(sessions, allianceDays));
    }

    /// <summary>
    /// Ruptures starting in the period: each session at which any of the instrument's rules opens an episode counts
    /// once (the 1 SD and 2 SD rules often fire together); it is repaired when every episode opened there was
    /// repaired by the end of the period.
    /// </summary>
    private static (int Ruptures, int Repaired) CountRuptures(
        IEnumerable<(SeriesKey Key, Instrument Instrument, ScaleDefinition Scale, IReadOnlyList<ScorePoint> Points)> alliance, ReportPeriod period)
    {
        int ruptures = 0, repaired = 0;
        foreach (var s in alliance)
        {
            var rules = s.Instrument.RuptureRules.Where(r => r.Scale == s.Scale.Key).ToList();
            if (rules.Count == 0) continue;
            foreach (var started in RuptureDetector.Detect(s.Points, rules).GroupBy(e => e.StartSession))
            {
                if (!period.Contains(started.First().StartDate)) continue;
                ruptures++;
                if (started.All(e => e.Repaired)) repaired++;
            }
        }
        return (ruptures, repaired);
    }

    public static decimal Pomp(decimal value, ScaleDefinition scale) =>
        scale.Max == scale.Min ? 0 : (value - scale.Min) / (scale.Max - scale.Min) * 100m;

    public static DateOnly Day(DateTimeOffset when) => DateOnly.FromDateTime(when.UtcDateTime);

    private static bool InPeriod(DateOnly day, ReportPeriod period) => day.Year == period.Year && day.Month == period.Month;
}
