using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Core.Tests.Support;

/// <summary>Score series for trajectory and rupture tests: one score per session, sessions a week apart.</summary>
public static class Points
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Session n (1-based) is on Start + 7·(n−1) days, with source Observation/s{n}.</summary>
    public static IReadOnlyList<ScorePoint> Weekly(params decimal[] values) =>
        values.Select((v, i) => new ScorePoint(Start.AddDays(7 * i), v, $"Observation/s{i + 1}", $"qr-s{i + 1}", ScoredHere: true)).ToList();

    public static SeriesKey Key(string instrumentId, string scale = "total") => new(Responses.DefaultPatient, instrumentId, scale);
}
