using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Core.Ruptures;

/// <summary>
/// Applies an instrument's rupture rules to a patient's alliance series (docs/domain.md §4). Each rule yields its
/// own episodes, so both the 1 SD and 2 SD thresholds can be reported (Gumz et al. 2012). The SD is of the
/// patient's scores before the session being judged, so a rupture is found the night it happens, not in hindsight;
/// it is floored at the rule's MinSd so a patient at the ceiling (SD 0, docs/domain.md §1) whose score falls is still seen.
/// </summary>
public static class RuptureDetector
{
    public static IReadOnlyList<RuptureEpisode> Detect(IReadOnlyList<ScorePoint> points, IEnumerable<RuptureRule> rules) =>
        rules.SelectMany(rule => Detect(points, rule)).OrderBy(e => e.StartSession).ThenBy(e => e.Rule.Name, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<RuptureEpisode> Detect(IReadOnlyList<ScorePoint> points, RuptureRule rule)
    {
        var episodes = new List<RuptureEpisode>();
        RuptureEpisode? open = null;
        for (var i = 0; i < points.Count; i++)
        {
            var score = points[i].Value;
            if (open is not null)
            {
                if (score >= open.PreRuptureLevel)
                {
                    episodes.Add(open with { RepairSession = i + 1, RepairDate = points[i].When });
                    open = null;
                }
                else if (score < open.LowestScore) open = open with { LowestScore = score };
                continue;
            }

            var level = TriggerLevel(points, i, rule);
            if (level is not null) open = new RuptureEpisode(rule, i + 1, points[i].When, level.Value, score, null, null);
        }
        if (open is not null) episodes.Add(open);
        return episodes;
    }

    /// <summary>The level the score must return to for repair, when session i triggers the rule; else null.</summary>
    private static decimal? TriggerLevel(IReadOnlyList<ScorePoint> points, int i, RuptureRule rule)
    {
        var score = points[i].Value;
        switch (rule.Method)
        {
            case RuptureMethod.BelowCutoff:
                return score < rule.Threshold && i >= rule.MinHistory ? rule.Threshold : null;
            case RuptureMethod.PointDrop:
                if (i < Math.Max(1, rule.MinHistory)) return null;
                return points[i - 1].Value - score >= rule.Threshold ? points[i - 1].Value : null;
            case RuptureMethod.SdDrop:
                if (i < Math.Max(2, rule.MinHistory)) return null;
                var sd = Math.Max(SampleStandardDeviation(points.Take(i).Select(p => p.Value)), rule.MinSd ?? 0);
                if (sd <= 0) return null;
                return points[i - 1].Value - score >= rule.Threshold * sd ? points[i - 1].Value : null;
            default:
                return null;
        }
    }

    internal static decimal SampleStandardDeviation(IEnumerable<decimal> values)
    {
        var xs = values.Select(v => (double)v).ToArray();
        if (xs.Length < 2) return 0;
        var mean = xs.Average();
        return (decimal)Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (xs.Length - 1));
    }
}
