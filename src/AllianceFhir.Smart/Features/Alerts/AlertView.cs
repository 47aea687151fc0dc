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
    DateTimeOffset? AcknowledgedAt);
