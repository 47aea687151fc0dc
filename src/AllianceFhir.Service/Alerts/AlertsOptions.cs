namespace AllianceFhir.Service.Alerts;

/// <summary>The alert lifecycle's settings. Section "Alerts" (docs/adr/0008-alert-lifecycle.md).</summary>
public sealed class AlertsOptions
{
    public const string Section = "Alerts";

    /// <summary>
    /// A safety alert nobody acknowledged within this window is escalated, once per window. Default 4 hours, unverified:
    /// a non-zero PHQ-9 item 9 is conventionally reviewed by a clinician the same day (docs/domain.md §2), and 4 hours leaves
    /// time within a working day for the escalation itself to be acted on; no source gives a number.
    /// </summary>
    public TimeSpan EscalationWindow { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// Who an escalation is addressed to: a reference to a Practitioner, PractitionerRole, CareTeam or Organization
    /// (e.g. <c>CareTeam/duty-team</c>). Unset, escalations are still written, unaddressed, to the patient's record
    /// (the EHR's unassigned work queue) and the service logs a warning: never escalating would be the unsafe choice.
    /// </summary>
    public string? EscalationRecipient { get; set; }
}
