using System.Globalization;
using System.Runtime.CompilerServices;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Ruptures;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Core.Alerts;

/// <summary>Decides which alerts a scored response, a trajectory or a rupture calls for.</summary>
public static class AlertPlanner
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AlertIntent? ForSafety(ScoringResult result, string responseReference)
    {
        if (!result.HasPositiveSafetySignal || result.PatientReference is null || result.Instrument is null) return null;
        var safety = result.Safety!;
        var when = result.Authored ?? DateTimeOffset.MinValue;
        var answer = safety.AnswerDisplay is null ? Fmt(safety.Ordinal!.Value) : $"'{safety.AnswerDisplay}' ({Fmt(safety.Ordinal!.Value)})";
        return new AlertIntent(
            AlertKind.Safety,
            SafetyKey(responseReference),
            result.PatientReference,
            AlertReasons.SafetyCode,
            AlertReasons.Display(AlertKind.Safety),
            AlertReasons.Priority(AlertKind.Safety),
            $"{result.Instrument.Title} item {safety.Item.LinkId} (self-harm) answered {answer}: review with the client today.",
            $"On {Day(when)} the client answered {answer} to {result.Instrument.Title} item {safety.Item.LinkId} " +
            "(thoughts of being better off dead or of self-harm). Follow your service's same-day risk review procedure: " +
            "ask directly about suicidal thoughts and plans, and agree a safety plan with the client.",
            when,
            [responseReference]);
    }

    /// <summary>The key of the safety alert raised from a response (so an amendment or a retraction finds it).</summary>
    public static string SafetyKey(string responseReference) => $"safety|{responseReference}";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AlertIntent? ForRupture(SeriesKey key, Instrument instrument, ScaleDefinition scale,
        IReadOnlyList<RuptureEpisode> episodes, IReadOnlyList<ScorePoint> points)
    {
        // One alert per unrepaired rupture start, whichever rules found it.
        var open = episodes.Where(e => !e.Repaired).OrderBy(e => e.StartSession).FirstOrDefault();
        if (open is null) return null;
        var rules = episodes.Where(e => !e.Repaired && e.StartSession == open.StartSession).Select(e => e.Rule.Name).ToList();
        var at = points[open.StartSession - 1];
        var name = scale.Key == "total" ? instrument.Title : $"{instrument.Title} {scale.Key}";
        return new AlertIntent(
            AlertKind.AllianceRupture,
            RuptureKey(key, at.When),
            key.PatientReference,
            AlertReasons.RuptureCode,
            AlertReasons.Display(AlertKind.AllianceRupture),
            AlertReasons.Priority(AlertKind.AllianceRupture),
            RuptureSummary(name, open.PreRuptureLevel, at.Value, at.When),
            $"The client's {name} rating dropped on {Day(at.When)} ({string.Join(", ", rules)}) and has not returned to " +
            $"{Fmt(open.PreRuptureLevel)} since. Ruptures are common and, when talked through, often repaired: consider asking the " +
            "client how the work together is going for them.",
            at.When,
            [at.SourceReference]);
    }

    /// <summary>
    /// The rupture alert's one line: the scale, its drop and the day of the rating that dropped. The text is written once
    /// into the EHR for every reader, so the day is the rating's own calendar day (its authored offset), written as the
    /// dashboard writes days ("7 Sep 2026").
    /// </summary>
    public static string RuptureSummary(string name, decimal from, decimal to, DateTimeOffset when) =>
        $"{name} fell from {Fmt(from)} to {Fmt(to)} on {Day(when)}: consider checking in with the client.";

    /// <summary>The key of the rupture alert for the episode starting at <paramref name="start"/> on this series (so a repair can resolve it).</summary>
    public static string RuptureKey(SeriesKey key, DateTimeOffset start) =>
        $"rupture|{key.PatientReference}|{key.InstrumentId}|{key.ScaleKey}|{start.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AlertIntent? ForNotOnTrack(Trajectory trajectory)
    {
        if (!trajectory.NotOnTrack || trajectory.ExpectedLatest is null) return null;
        var latest = trajectory.Latest;
        return new AlertIntent(
            AlertKind.NotOnTrack,
            $"not-on-track|{trajectory.Key.PatientReference}|{trajectory.Instrument.Id}|{trajectory.Scale.Key}|{latest.When.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}",
            trajectory.Key.PatientReference,
            AlertReasons.NotOnTrackCode,
            AlertReasons.Display(AlertKind.NotOnTrack),
            AlertReasons.Priority(AlertKind.NotOnTrack),
            $"{trajectory.Instrument.Title} is {Fmt(latest.Value)} at session {trajectory.Sessions}, expected about {Fmt(trajectory.ExpectedLatest.Value)}: consider reviewing the plan with the client.",
            $"Started at {Fmt(trajectory.Baseline.Value)}; clients starting there are typically near {Fmt(trajectory.ExpectedLatest.Value)} by session " +
            $"{trajectory.Sessions}. Consider reviewing goals and the approach together with the client.",
            latest.When,
            [latest.SourceReference]);
    }

    // A date, not "session n": n counted one instrument's scores, which did not match the clinician's sessions.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string Day(DateTimeOffset when) => when.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string Fmt(decimal d) => d.ToString("0.#", CultureInfo.InvariantCulture);
}
