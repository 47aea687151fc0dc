namespace AllianceFhir.Smart.Features.Alerts;

/// <summary>
/// An AllianceFhir alert as the EHR holds it (Flag, Task or Communication). <see cref="Kind"/> is the reason code
/// (<c>safety-self-harm</c>, <c>alliance-rupture</c>, <c>not-on-track</c>); the wording invites a check-in with the
/// client and never grades the clinician.
/// </summary>
public sealed record AlertView(
    string Type,
    string Id,
    string Kind,
    string Title,
    string Summary,
    string? Detail,
    string Priority,
    DateTimeOffset? Since,
    string Status,
    bool Acknowledged,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt)
{
    /// <summary>The lifecycle state (raised, acknowledged, resolved, entered-in-error) as the service's store records it (docs/adr/0008).</summary>
    public string State => Acknowledged && Status is not ("inactive" or "completed" or "entered-in-error") ? "acknowledged" : LifecycleState;

    /// <summary>The state the resource's status shows (Core's AlertEhrStatus), before any acknowledgement recorded beside it.</summary>
    public string LifecycleState { get; init; } = "raised";

    /// <summary>When a safety alert nobody acknowledged in time was escalated, and the escalation in the EHR.</summary>
    public DateTimeOffset? EscalatedAt { get; init; }
    public string? Escalation { get; init; }

    /// <summary>Who resolved the alert (a reference such as <c>Practitioner/x</c>, or a name) and when; null while open.</summary>
    public string? ResolvedBy { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Why it was resolved, as the person who resolved it wrote it (Provenance.reason, Task/Communication statusReason or note).</summary>
    public string? ResolutionReason { get; init; }

    /// <summary>The people above by name, where the EHR let the app read their Practitioner (<see cref="PeopleNames"/>).</summary>
    public string? AcknowledgedByName { get; init; }
    public string? ResolvedByName { get; init; }
}
