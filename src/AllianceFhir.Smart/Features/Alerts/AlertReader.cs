using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;
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
    // Core's texts: the service's sweep reads the app's Provenance by them (docs/adr/0008-alert-lifecycle.md).
    public const string AcknowledgedText = AlertEhrStatus.AcknowledgedText;
    public const string ResolvedText = AlertEhrStatus.ResolvedText;

    /// <summary>
    /// One search for the patient's alerts in the channel the EHR uses (the one write-back chooses from its
    /// CapabilityStatement and configuration), with the Provenance that records who acknowledged them.
    /// </summary>
    public static string AlertsQuery(AlertChannel channel, string patientId) =>
        $"{channel}?patient={Uri.EscapeDataString($"Patient/{patientId}")}&_count=200&_revinclude=Provenance:target";

    /// <summary>Open escalation Tasks of the patient (where alerts are Flags, escalations are Tasks).</summary>
    public static string EscalationsQuery(string patientId) =>
        $"Task?patient={Uri.EscapeDataString($"Patient/{patientId}")}&code={Uri.EscapeDataString($"{CanonicalUrls.ProjectCodeSystem}|{AlertReasons.EscalationCode}")}&_count=200";

    /// <summary>The open alerts (raised or acknowledged), safety first, then newest first.</summary>
    public static IReadOnlyList<AlertView> Active(IReadOnlyList<Resource> resources) => Read(resources, includeClosed: false);

    /// <summary>Every alert of ours in any state (raised, acknowledged, resolved, entered in error): the alert history.</summary>
    public static IReadOnlyList<AlertView> History(IReadOnlyList<Resource> resources) => Read(resources, includeClosed: true);

    private static IReadOnlyList<AlertView> Read(IReadOnlyList<Resource> resources, bool includeClosed)
    {
        var provenance = resources.OfType<Provenance>()
            .SelectMany(p => p.Target.Select(t => (Target: StripVersion(t.Reference), Provenance: p)))
            .Where(x => x.Target is not null)
            .ToLookup(x => x.Target!, x => x.Provenance, StringComparer.Ordinal);
        // Escalations (a Task or Communication about an alert nobody acknowledged in time) show on their alert.
        var escalations = resources.Where(IsEscalation)
            .SelectMany(r => (r switch { Task t => t.Focus is null ? [] : [t.Focus], Communication c => c.About, _ => new List<ResourceReference>() }).Select(a => (Target: StripVersion(a?.Reference), Resource: r)))
            .Where(x => x.Target is not null)
            .GroupBy(x => x.Target!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Resource).Last(), StringComparer.Ordinal);
        var alerts = new List<AlertView>();
        foreach (var resource in resources.Where(r => !IsEscalation(r)))
        {
            var view = resource switch
            {
                // Open = raised or acknowledged by Core's lifecycle; resolved and entered-in-error only in the history.
                Flag f when IsOurs(f.Identifier, f.Code) && (includeClosed || IsOpen(f)) => FromFlag(f),
                Task t when IsOurs(t.Identifier, t.Code) && (includeClosed || IsOpen(t)) => FromTask(t),
                Communication c when IsOurs(c.Identifier, c.ReasonCode.FirstOrDefault()) && (includeClosed || IsOpen(c)) => FromCommunication(c),
                _ => null,
            };
            if (view is null) continue;
            var state = AlertEhrStatus.StateOf(resource);
            view = view with { LifecycleState = AlertTransitions.Code(state) };
            var reference = $"{view.Type}/{view.Id}";
            if (escalations.TryGetValue(reference, out var escalation))
                view = view with
                {
                    Escalation = $"{escalation.TypeName}/{escalation.Id}",
                    EscalatedAt = escalation switch { Task t => Date(t.AuthoredOnElement), Communication c => Date(c.SentElement), _ => null },
                };
            var records = provenance[reference].OrderBy(p => p.Recorded).ToList();
            if (records.FirstOrDefault(p => p.Activity?.Text == AcknowledgedText) is { } ack)
                view = view with { Acknowledged = true, AcknowledgedBy = Agent(ack), AcknowledgedAt = ack.Recorded };
            if (state == AlertState.Resolved) view = WithResolution(view, resource, records.LastOrDefault(p => AlertEhrStatus.ActionOf(p.Activity?.Text) == AlertState.Resolved));
            alerts.Add(view);
        }
        // Safety first, then newest first.
        return alerts.OrderBy(a => a.Kind == "safety-self-harm" ? 0 : 1).ThenByDescending(a => a.Since).ToList();
    }

    /// <summary>
    /// Who resolved the alert, when and why: the app's Provenance (agent, recorded, reason), else the note the app or the
    /// service wrote ("Alert resolved: why"), else the resource itself (statusReason, a Flag's period.end).
    /// </summary>
    private static AlertView WithResolution(AlertView view, Resource resource, Provenance? record)
    {
        var notes = resource switch { Task t => t.Note, Communication c => c.Note, _ => [] };
        var note = notes.LastOrDefault(n => AlertEhrStatus.ActionOf(n.Text) == AlertState.Resolved);
        var statusReason = resource switch { Task t => t.StatusReason?.Text, Communication c => c.StatusReason?.Text, _ => null };
        var noteReason = note?.Text is { } text && text.Length > ResolvedText.Length ? text[ResolvedText.Length..].TrimStart(':', ' ') : null;
        var flagEnd = resource is Flag f ? Date(f.Period?.EndElement) : null;
        return view with
        {
            ResolvedBy = record is not null ? Agent(record) : note?.Author switch { ResourceReference r => r.Reference ?? r.Display, FhirString s => s.Value, _ => null },
            ResolvedAt = record?.Recorded ?? Date(note?.TimeElement) ?? flagEnd,
            ResolutionReason = record?.Reason.FirstOrDefault()?.Text ?? statusReason ?? (string.IsNullOrWhiteSpace(noteReason) ? null : noteReason),
        };
    }

    /// <summary>The Provenance's agent: its reference, or its display when it is the app's contained Device.</summary>
    private static string? Agent(Provenance p) =>
        p.Agent.FirstOrDefault()?.Who is { } w && w.Reference?.StartsWith('#') != true ? w.Reference ?? w.Display : p.Agent.FirstOrDefault()?.Who?.Display;

    private static bool IsOpen(Resource r) => AlertTransitions.IsOpen(AlertEhrStatus.StateOf(r));

    private static bool IsEscalation(Resource r) => (r switch { Task t => t.Code, Communication c => c.ReasonCode.FirstOrDefault(), _ => null })
        ?.Coding.Any(c => c.System == CanonicalUrls.ProjectCodeSystem && c.Code == AlertReasons.EscalationCode) == true;

    public static bool IsOurs(IEnumerable<Identifier> identifiers, CodeableConcept? code) =>
        identifiers.Any(i => i.System == CanonicalUrls.AlertIdentifierSystem) || code?.Coding.Any(c => c.System == CanonicalUrls.ProjectCodeSystem) == true;

    public static bool IsOurs(Identifier? identifier, CodeableConcept? code) => IsOurs(identifier is null ? [] : [identifier], code);

    private static AlertView FromFlag(Flag f) => new("Flag", f.Id ?? "", Kind(f.Code), Title(f.Code), f.Code?.Text ?? Title(f.Code), null,
        KindPriority(Kind(f.Code)), Date(f.Period?.StartElement), f.Status?.GetLiteral() ?? "active", false, null, null);

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
