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

    public void Add(ScorePoint point) => _points.Add(point);

    /// <summary>Takes out the points scored here from response <paramref name="responseId"/>; returns them.</summary>
    public IReadOnlyList<ScorePoint> RemoveScoredFrom(string responseId)
    {
        var removed = _points.Where(p => p.ScoredHere && p.ResponseId == responseId).ToList();
        _points.RemoveAll(p => p.ScoredHere && p.ResponseId == responseId);
        return removed;
    }

    public IReadOnlyList<ScorePoint> Ordered()
    {
        var scoredHere = _points.Where(p => p.ScoredHere && p.ResponseId is not null)
            .Select(p => p.ResponseId!).ToHashSet(StringComparer.Ordinal);
        return _points
            .Where(p => p.ScoredHere || p.ResponseId is null || !scoredHere.Contains(p.ResponseId))
            .DistinctBy(p => p.SourceReference)
            .OrderBy(p => p.When)
            .ThenBy(p => p.SourceReference, StringComparer.Ordinal)
            .ToList();
    }
}
