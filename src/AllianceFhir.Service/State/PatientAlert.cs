using AllianceFhir.Core.Alerts;

namespace AllianceFhir.Service.State;

/// <summary>
/// One alert of one patient as the store keeps it (migration 0003): what the CDS patient-view service answers from.
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
    public static PatientAlert From(AlertIntent intent, string? series, DateTimeOffset raisedAt, string? ehrId) => new(
        intent.Key, CardIds.For(intent.Key), intent.PatientReference, intent.Kind, series, intent.ReasonCode,
        intent.Summary, intent.Detail, intent.OccurredAt, raisedAt, null, ehrId);

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
