using System.Runtime.CompilerServices;

namespace AllianceFhir.Core.Trajectories;

/// <summary>
/// Collects a patient's scores in any order (Bulk Data files are unordered) and yields them in session
/// order: by time, then by source. An EHR Observation derived from a response we also scored is dropped,
/// so a score is never counted twice.
/// </summary>
public sealed class ScoreSeries(SeriesKey key)
{
    private readonly List<ScorePoint> _points = [];

    public SeriesKey Key { get; } = key;

    public int Count => _points.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ScorePoint point) => _points.Add(point);

    /// <summary>Takes out the points scored here from response <paramref name="responseId"/>; returns them.</summary>
    public IReadOnlyList<ScorePoint> RemoveScoredFrom(string responseId)
    {
        var removed = _points.Where(p => p.ScoredHere && p.ResponseId == responseId).ToList();
        _points.RemoveAll(p => p.ScoredHere && p.ResponseId == responseId);
        return removed;
    }

    /// <summary>
    /// The points in session order: an EHR Observation derived from a response scored here left out, one point per source
    /// (the first added), sorted by time then source. A loop and one sort rather than LINQ (issue 12: once per series at
    /// the end of every run); source references are unique after the first step, so the order is total.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IReadOnlyList<ScorePoint> Ordered()
    {
        HashSet<string>? scoredHere = null;
        foreach (var p in _points)
            if (!p.ScoredHere && p.ResponseId is not null)
            {
                scoredHere = _points.Where(q => q.ScoredHere && q.ResponseId is not null).Select(q => q.ResponseId!).ToHashSet(StringComparer.Ordinal);
                break;
            }
        var kept = new List<ScorePoint>(_points.Count);
        var sources = _points.Count > 16 ? new HashSet<string>(StringComparer.Ordinal) : null;
        foreach (var p in _points)
        {
            if (scoredHere is not null && !p.ScoredHere && p.ResponseId is not null && scoredHere.Contains(p.ResponseId)) continue;
            if (sources is not null ? !sources.Add(p.SourceReference) : HasSource(kept, p.SourceReference)) continue;
            kept.Add(p);
        }
        kept.Sort(static (a, b) =>
        {
            var byTime = a.When.CompareTo(b.When);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.SourceReference, b.SourceReference);
        });
        return kept;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool HasSource(List<ScorePoint> points, string source)
    {
        foreach (var p in points)
            if (string.Equals(p.SourceReference, source, StringComparison.Ordinal)) return true;
        return false;
    }
}
