using System.Runtime.CompilerServices;
using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Trajectories;

/// <summary>Baseline, change, reliable change, caseness, recovery, response, remission, slope and not-on-track for one series.</summary>
public sealed class TrajectoryCalculator(TrajectorySettings settings)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Trajectory Calculate(SeriesKey key, Instrument instrument, ScaleDefinition scale, IReadOnlyList<ScorePoint> points)
    {
        if (points.Count == 0) throw new ArgumentException("A trajectory needs at least one score", nameof(points));
        var baseline = points[0].Value;
        var latest = points[^1].Value;
        var change = latest - baseline;
        var betterSign = instrument.Direction == ScoreDirection.HigherIsWorse ? -1 : 1;
        var improvement = betterSign * change;

        var criterion = instrument.FindReliableChange(scale.Key);
        var threshold = criterion is null ? (decimal?)null
            : settings.ReliableChange == ReliableChangeMethod.JacobsonTruax ? criterion.JacobsonTruaxThreshold ?? criterion.Threshold
            : criterion.Threshold;
        var enough = points.Count >= 2;
        // NHS TT: a change of at least the threshold (≥ 6 PHQ-9); Jacobson–Truax: strictly greater than 1.96·S_diff.
        bool Reliable(decimal delta) => threshold is { } t && enough &&
            (settings.ReliableChange == ReliableChangeMethod.JacobsonTruax ? delta > t : delta >= t);
        var reliableImprovement = Reliable(improvement);
        var reliableDeterioration = Reliable(-improvement);

        var caseness = instrument.FindCutoff(scale.Key, CutoffKind.Caseness);
        bool? casenessAtBaseline = caseness?.IsMetBy(baseline);
        bool? casenessAtLatest = caseness?.IsMetBy(latest);
        // NHS TT recovery: a case at the first measure and not a case at the last.
        bool? recovery = caseness is null || !enough ? null : casenessAtBaseline == true && casenessAtLatest == false;
        bool? reliableRecovery = recovery is null ? null : recovery.Value && reliableImprovement;
        bool? response = !enough || instrument.Direction != ScoreDirection.HigherIsWorse || baseline <= scale.Min ? null
            : (baseline - latest) >= settings.ResponseReduction * (baseline - scale.Min);
        var remissionCutoff = instrument.FindCutoff(scale.Key, CutoffKind.Remission);
        // CMS159 counts remission only for patients whose index score was a case (PHQ-9 > 9, i.e. caseness ≥ 10).
        bool? remission = remissionCutoff is null || !enough || casenessAtBaseline == false ? null : remissionCutoff.IsMetBy(latest);

        var expected = Expected(instrument, scale, baseline, points.Count);
        var tolerance = (threshold ?? 0) * settings.NotOnTrackToleranceFraction;
        var notOnTrack = expected is { } e && points.Count >= settings.NotOnTrackFromSession &&
                         betterSign * (e - latest) > tolerance;

        var status = !enough ? TrajectoryStatus.InsufficientData
            : reliableRecovery == true ? TrajectoryStatus.ReliableRecovery
            : recovery == true ? TrajectoryStatus.Recovered
            : reliableImprovement ? TrajectoryStatus.ReliableImprovement
            : reliableDeterioration ? TrajectoryStatus.ReliableDeterioration
            : TrajectoryStatus.NoReliableChange;

        return new Trajectory(key, instrument, scale, points, status, change, improvement, threshold,
            reliableImprovement, reliableDeterioration, casenessAtBaseline, casenessAtLatest, recovery, reliableRecovery,
            response, remission, SlopePerWeek(points), expected, notOnTrack);
    }

    /// <summary>The expected score at a session (see <see cref="TrajectorySettings.ExpectedImprovementPerLogSession"/>); symptom scales only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public decimal? Expected(Instrument instrument, ScaleDefinition scale, decimal baseline, int session)
    {
        if (instrument.Direction != ScoreDirection.HigherIsWorse || session < 1) return null;
        var fraction = settings.ExpectedImprovementPerLogSession * (decimal)Math.Log(session);
        var expected = scale.Min + (baseline - scale.Min) * (1 - fraction);
        return Math.Round(Math.Max(scale.Min, expected), 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>Ordinary least-squares slope of score on time, in points per week; null with fewer than two distinct times.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static decimal? SlopePerWeek(IReadOnlyList<ScorePoint> points)
    {
        if (points.Count < 2) return null;
        // Loops rather than LINQ (issue 12: one slope per series at the end of every run); the same sums in the same
        // order, so the same doubles (test: TrajectoryCalculatorTests).
        var t0 = points[0].When;
        double sumX = 0, sumY = 0;
        for (var i = 0; i < points.Count; i++)
        {
            sumX += Week(points[i], t0);
            sumY += (double)points[i].Value;
        }
        var mx = sumX / points.Count;
        var my = sumY / points.Count;
        double sxx = 0;
        for (var i = 0; i < points.Count; i++)
        {
            var dx = Week(points[i], t0) - mx;
            sxx += dx * dx;
        }
        if (sxx == 0) return null;
        double sxy = 0;
        for (var i = 0; i < points.Count; i++)
            sxy += (Week(points[i], t0) - mx) * ((double)points[i].Value - my);
        return Math.Round((decimal)(sxy / sxx), 2, MidpointRounding.AwayFromZero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Week(ScorePoint point, DateTimeOffset t0) => (point.When - t0).TotalDays / 7.0;
}
