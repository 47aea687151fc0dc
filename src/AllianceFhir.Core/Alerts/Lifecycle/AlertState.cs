namespace AllianceFhir.Core.Alerts.Lifecycle;

/// <summary>
/// Where an alert is in its one lifecycle: raised → acknowledged → resolved, or entered-in-error from any of them
/// (docs/adr/0008-alert-lifecycle.md).
/// </summary>
public enum AlertState
{
    /// <summary>Written by the service; nobody has said they saw it.</summary>
    Raised,
    /// <summary>A clinician saw it and is dealing with it: still shown, no longer escalated.</summary>
    Acknowledged,
    /// <summary>Dealt with (by a clinician, a repair, an amendment that removed the signal, or a newer signal).</summary>
    Resolved,
    /// <summary>Should never have existed (its evidence was retracted): hidden everywhere, kept for the audit trail.</summary>
    EnteredInError,
}
