namespace AllianceFhir.State;

/// <summary>One row of the append-only alert audit trail (migration 0004).</summary>
public sealed record AlertEvent(string AlertKey, string Event, string? State, string Actor, DateTimeOffset At, string? Why, string Source, string? Code);
