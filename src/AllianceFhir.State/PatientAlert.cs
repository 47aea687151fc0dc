using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;

namespace AllianceFhir.State;

/// <summary>
/// One alert of one patient as the store keeps it (migrations 0003, 0004): what the CDS patient-view service answers
/// from, with its lifecycle state and who/when/why of each step.
/// <see cref="Summary"/> and <see cref="Detail"/> are Core's generated texts (codes and scores, no patient free text).
/// </summary>
public sealed record PatientAlert(
    string Key,
    string CardUuid,
    string Patient,
    AlertKind Kind,
    string? Series,
    string ReasonCode,
    string Summary,
    string Detail,
    DateTimeOffset OccurredAt,
    DateTimeOffset RaisedAt,
    DateTimeOffset? ResolvedAt,
    string? EhrId)
{
    public AlertState State { get; init; } = AlertState.Raised;
    public string? AcknowledgedBy { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public string? ResolvedBy { get; init; }
    public string? ResolvedWhy { get; init; }

    /// <summary>The resource the alert was raised from (its first evidence: a QuestionnaireResponse reference).</summary>
    public string? Evidence { get; init; }

    /// <summary>The channel the EHR holds it in (Flag, Task, Communication), once written.</summary>
    public AlertChannel? EhrType { get; init; }

    /// <summary>How many escalation windows have been escalated, and the latest escalation.</summary>
    public int Escalations { get; init; }
    public DateTimeOffset? EscalatedAt { get; init; }
    public string? EscalationRef { get; init; }

    public static PatientAlert From(AlertIntent intent, string? series, DateTimeOffset raisedAt, string? ehrId, AlertChannel? ehrType = null) => new(
        intent.Key, CardIds.For(intent.Key), intent.PatientReference, intent.Kind, series, intent.ReasonCode,
        intent.Summary, intent.Detail, intent.OccurredAt, raisedAt, null, ehrId)
    {
        Evidence = intent.Evidence.FirstOrDefault(),
        EhrType = ehrId is null ? null : ehrType,
    };

    /// <summary>The alert as Core planned it, rebuilt from the store (to write it again in its current state).</summary>
    public AlertIntent ToIntent() => new(Kind, Key, Patient, ReasonCode, AlertReasons.Display(Kind), AlertReasons.Priority(Kind),
        Summary, Detail, OccurredAt, Evidence is null ? [] : [Evidence]);

    /// <summary>The latest lifecycle step, as the EHR resource should show it.</summary>
    public AlertStep LatestStep => State switch
    {
        AlertState.Acknowledged => new AlertStep(State, AcknowledgedBy ?? "unknown", AcknowledgedAt ?? RaisedAt, "acknowledged"),
        AlertState.Resolved => new AlertStep(State, ResolvedBy ?? "AllianceFhir", ResolvedAt ?? RaisedAt, ResolvedWhy ?? "resolved"),
        AlertState.EnteredInError => new AlertStep(State, EnteredInErrorBy ?? "AllianceFhir", EnteredInErrorAt ?? RaisedAt, EnteredInErrorWhy ?? "entered in error"),
        _ => new AlertStep(AlertState.Raised, "AllianceFhir", RaisedAt, "raised"),
    };

    public string? EnteredInErrorBy { get; init; }
    public DateTimeOffset? EnteredInErrorAt { get; init; }
    public string? EnteredInErrorWhy { get; init; }

    public static string KindCode(AlertKind kind) => kind switch
    {
        AlertKind.Safety => "safety",
        AlertKind.AllianceRupture => "alliance-rupture",
        AlertKind.NotOnTrack => "not-on-track",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown alert kind"),
    };

    public static AlertKind ParseKind(string code) => code switch
    {
        "safety" => AlertKind.Safety,
        "alliance-rupture" => AlertKind.AllianceRupture,
        "not-on-track" => AlertKind.NotOnTrack,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "unknown alert kind in patient_alerts"),
    };
}
