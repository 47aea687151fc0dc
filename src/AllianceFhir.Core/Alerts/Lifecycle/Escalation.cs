namespace AllianceFhir.Core.Alerts.Lifecycle;

/// <summary>
/// An escalation of an alert nobody acknowledged within the window: the <paramref name="Number"/>-th window since it
/// was raised (one escalation per alert per window, so its key and identifier are deterministic).
/// <paramref name="AlertReference"/> is the alert resource in the EHR (e.g. <c>Flag/123</c>) when known;
/// <paramref name="Recipient"/> the configured care-team reference, or null when none is configured.
/// </summary>
public sealed record Escalation(
    string AlertKey,
    int Number,
    string PatientReference,
    string? AlertReference,
    string? Recipient,
    TimeSpan Window,
    DateTimeOffset RaisedAt,
    DateTimeOffset At,
    string AlertSummary)
{
    public string Key => $"escalation|{AlertKey}|{Number}";

    /// <summary>
    /// Which window an alert raised at <paramref name="raisedAt"/> is in at <paramref name="now"/>: 0 while the
    /// first window runs (no escalation yet), then 1, 2, …
    /// </summary>
    public static int WindowNumber(DateTimeOffset raisedAt, DateTimeOffset now, TimeSpan window) =>
        now < raisedAt || window <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, (now - raisedAt).Ticks / window.Ticks);
}
