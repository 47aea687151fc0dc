using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Task = Hl7.Fhir.Model.Task;

namespace AllianceFhir.Smart.Features.Alerts;

/// <summary>
/// Finds AllianceFhir's active alerts among a patient's Flags, Tasks and Communications (whichever channel the EHR
/// uses), and who acknowledged them: a Provenance targeting the alert, else a note on it.
/// </summary>
public static class AlertReader
{
    public const string AcknowledgedText = "Alert acknowledged";
    public const string ResolvedText = "Alert resolved";

    /// <summary>
    /// One search for the patient's alerts in the channel the EHR uses (the one write-back chooses from its
    /// CapabilityStatement and configuration), with the Provenance that records who acknowledged them.
    /// </summary>
    public static string AlertsQuery(AlertChannel channel, string patientId) =>
        $"{channel}?patient={Uri.EscapeDataString($"Patient/{patientId}")}&_count=200&_revinclude=Provenance:target";

    public static IReadOnlyList<AlertView> Active(IReadOnlyList<Resource> resources)
    {
        var provenance = resources.OfType<Provenance>()
            .SelectMany(p => p.Target.Select(t => (Target: StripVersion(t.Reference), Provenance: p)))
            .Where(x => x.Target is not null && x.Provenance.Activity?.Text == AcknowledgedText)
            .GroupBy(x => x.Target!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Provenance).OrderBy(p => p.Recorded).First(), StringComparer.Ordinal);
        var alerts = new List<AlertView>();
        foreach (var resource in resources)
        {
            var view = resource switch
            {
                Flag f when IsOurs(f.Identifier, f.Code) && f.Status == Flag.FlagStatus.Active => FromFlag(f),
                Task t when IsOurs(t.Identifier, t.Code) && t.Status is Task.TaskStatus.Requested or Task.TaskStatus.Received
                    or Task.TaskStatus.Accepted or Task.TaskStatus.Ready or Task.TaskStatus.InProgress or Task.TaskStatus.OnHold => FromTask(t),
                Communication c when IsOurs(c.Identifier, c.ReasonCode.FirstOrDefault()) && c.Status is EventStatus.InProgress or EventStatus.Preparation or EventStatus.OnHold => FromCommunication(c),
                _ => null,
            };
            if (view is null) continue;
            if (provenance.TryGetValue($"{view.Type}/{view.Id}", out var p))
                view = view with { Acknowledged = true, AcknowledgedBy = p.Agent.FirstOrDefault()?.Who is { } w && w.Reference?.StartsWith('#') != true ? w.Reference ?? w.Display : p.Agent.FirstOrDefault()?.Who?.Display, AcknowledgedAt = p.Recorded };
            alerts.Add(view);
        }
        // Safety first, then newest first.
        return alerts.OrderBy(a => a.Kind == "safety-self-harm" ? 0 : 1).ThenByDescending(a => a.Since).ToList();
    }

    public static bool IsOurs(IEnumerable<Identifier> identifiers, CodeableConcept? code) =>
        identifiers.Any(i => i.System == CanonicalUrls.AlertIdentifierSystem) || code?.Coding.Any(c => c.System == CanonicalUrls.ProjectCodeSystem) == true;

    public static bool IsOurs(Identifier? identifier, CodeableConcept? code) => IsOurs(identifier is null ? [] : [identifier], code);

    private static AlertView FromFlag(Flag f) => new("Flag", f.Id ?? "", Kind(f.Code), Title(f.Code), f.Code?.Text ?? Title(f.Code), null,
        KindPriority(Kind(f.Code)), Date(f.Period?.StartElement), "active", false, null, null);

    private static AlertView FromTask(Task t)
    {
        var note = AcknowledgementNote(t.Note);
        return new("Task", t.Id ?? "", Kind(t.Code), Title(t.Code), t.Code?.Text ?? Title(t.Code), t.Description,
            t.Priority?.GetLiteral() ?? KindPriority(Kind(t.Code)), Date(t.AuthoredOnElement), t.Status?.GetLiteral() ?? "unknown",
            t.Status == Task.TaskStatus.Accepted || note is not null, (note?.Author as ResourceReference)?.Reference, Date(note?.TimeElement));
    }

    private static AlertView FromCommunication(Communication c)
    {
        var reason = c.ReasonCode.FirstOrDefault();
        var note = AcknowledgementNote(c.Note);
        var detail = c.Payload.Select(p => p.Content).OfType<FhirString>().FirstOrDefault()?.Value;
        return new("Communication", c.Id ?? "", Kind(reason), Title(reason), reason?.Text ?? Title(reason), detail,
            c.Priority?.GetLiteral() ?? KindPriority(Kind(reason)), Date(c.SentElement) ?? Date(c.Meta?.LastUpdatedElement),
            c.Status?.GetLiteral() ?? "unknown", c.Received is not null || note is not null, (note?.Author as ResourceReference)?.Reference ?? c.Recipient.FirstOrDefault()?.Reference,
            Date(note?.TimeElement) ?? Date(c.ReceivedElement));
    }

    private static Annotation? AcknowledgementNote(IEnumerable<Annotation> notes) =>
        notes.FirstOrDefault(n => n.Text?.StartsWith(AcknowledgedText, StringComparison.Ordinal) == true);

    private static string Kind(CodeableConcept? code) =>
        code?.Coding.FirstOrDefault(c => c.System == CanonicalUrls.ProjectCodeSystem)?.Code ?? "alert";

    private static string Title(CodeableConcept? code) =>
        code?.Coding.FirstOrDefault(c => c.System == CanonicalUrls.ProjectCodeSystem)?.Display ?? code?.Text ?? "Alert";

    private static string KindPriority(string kind) => kind == "safety-self-harm" ? "stat" : "routine";

    private static DateTimeOffset? Date(PrimitiveType? value) => value switch
    {
        FhirDateTime dt when dt.Value is not null => dt.ToDateTimeOffset(TimeSpan.Zero),
        Instant i => i.Value,
        _ => null,
    };

    private static string? StripVersion(string? reference)
    {
        if (reference is null) return null;
        var history = reference.IndexOf("/_history/", StringComparison.Ordinal);
        return history > 0 ? reference[..history] : reference;
    }
}
