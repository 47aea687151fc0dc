using AllianceFhir.Core.Alerts.Lifecycle;
using AllianceFhir.State;

namespace AllianceFhir.Service.Alerts;

/// <summary>
/// An escalated alert as the operator sees it at <c>/api/alerts/escalations</c>: the patient reference (the
/// operator's EHR view resolves it), no answers and no free text.
/// </summary>
public sealed record EscalationView(string AlertKey, string Patient, string State, DateTimeOffset RaisedAt, int Escalations,
    DateTimeOffset? EscalatedAt, string? Escalation, string? Alert, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt)
{
    public static EscalationView From(PatientAlert a) => new(a.Key, a.Patient, AlertTransitions.Code(a.State), a.RaisedAt, a.Escalations,
        a.EscalatedAt, a.EscalationRef, a.EhrId is null || a.EhrType is null ? null : $"{a.EhrType}/{a.EhrId}", a.AcknowledgedBy, a.AcknowledgedAt);
}
