using System.Text.Json;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.State;
using Microsoft.Extensions.Options;

namespace AllianceFhir.CdsHooks;

/// <summary>
/// Turns a patient's alerts into CDS Hooks cards: safety is critical, a rupture a warning, not-on-track info. Texts
/// are Core's (plain language, an invitation to check in with the client, never a grade of the clinician), and each
/// card carries a SMART link that opens the app for the patient in the chart.
/// </summary>
public sealed class CardBuilder(IOptions<CdsHooksOptions> options)
{
    public const string SourceLabel = "AllianceFhir";
    public const int MaxSummary = 139; // CDS Hooks 2.0: summary "<140 characters"
    public const string OverrideReasonSystem = CanonicalUrls.Base + "/CodeSystem/cds-override-reason";

    public static readonly IReadOnlyList<CdsCoding> OverrideReasons =
    [
        new(OverrideReasonSystem, "already-discussed", "Already discussed with the client"),
        new(OverrideReasonSystem, "reviewed-elsewhere", "Reviewed by another clinician or in another record"),
        new(OverrideReasonSystem, "not-now", "Not the right moment: will review at the next session"),
    ];

    public IReadOnlyList<Card> Build(IEnumerable<PatientAlert> alerts, string patientId) =>
        alerts.DistinctBy(a => a.Key)
            .OrderBy(a => Rank(a.Kind)).ThenByDescending(a => a.OccurredAt).ThenBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => Card(a, patientId)).ToList();

    private Card Card(PatientAlert a, string patientId) => new(
        a.CardUuid,
        Clip(a.Summary),
        Indicator(a.Kind),
        Detail(a),
        new CardSource(SourceLabel, options.Value.SourceUrl, new CdsCoding(CanonicalUrls.ProjectCodeSystem, a.ReasonCode, Topic(a.Kind))),
        OverrideReasons,
        [new CardLink("Open AllianceFhir for this client", options.Value.SmartAppLaunchUrl, "smart",
            JsonSerializer.Serialize(new { patient = patientId, alert = a.CardUuid, kind = PatientAlert.KindCode(a.Kind) }))]);

    public static string Indicator(AlertKind kind) => kind switch
    {
        AlertKind.Safety => "critical",
        AlertKind.AllianceRupture => "warning",
        _ => "info",
    };

    private static int Rank(AlertKind kind) => kind switch
    {
        AlertKind.Safety => 0,
        AlertKind.AllianceRupture => 1,
        _ => 2,
    };

    private static string Topic(AlertKind kind) => kind switch
    {
        AlertKind.Safety => "Safety: thoughts of self-harm reported",
        AlertKind.AllianceRupture => "Alliance rupture: consider a check-in",
        _ => "Not on track: consider reviewing the plan",
    };

    private static string Detail(PatientAlert a) => Lifecycle(a) + a.Kind switch
    {
        AlertKind.Safety => $"**Please review with the client today.**\n\n{a.Detail}\n\nOpen AllianceFhir to see the answer alongside the client's scores.",
        AlertKind.AllianceRupture => $"{a.Detail}\n\nA short, open question often helps, for example *\"How is our work together feeling for you at the moment?\"* " +
            "Open AllianceFhir to see the session-by-session ratings.",
        _ => $"{a.Detail}\n\nOpen AllianceFhir to see the trajectory and talk it through with the client.",
    };

    /// <summary>The lifecycle in the card: who acknowledged it and when, and an escalation (docs/adr/0008-alert-lifecycle.md).</summary>
    private static string Lifecycle(PatientAlert a)
    {
        var lines = new List<string>();
        if (a.State == AlertState.Acknowledged)
            lines.Add($"**Acknowledged by {a.AcknowledgedBy ?? "a clinician"} at {a.AcknowledgedAt ?? a.RaisedAt:yyyy-MM-dd HH:mm} UTC.**");
        if (a.Escalations > 0)
            lines.Add($"**Escalated** at {a.EscalatedAt:yyyy-MM-dd HH:mm} UTC: not acknowledged in time{(a.EscalationRef is null ? "" : $" ({a.EscalationRef})")}.");
        return lines.Count == 0 ? "" : string.Join("\n\n", lines) + "\n\n";
    }

    private static string Clip(string summary) => summary.Length <= MaxSummary ? summary : summary[..(MaxSummary - 1)].TrimEnd() + "…";
}
