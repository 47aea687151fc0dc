using System.Net;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Resources;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;
using AllianceFhir.Smart.Features.Ehr;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Task = Hl7.Fhir.Model.Task;

namespace AllianceFhir.Smart.Features.Alerts;

/// <summary>
/// <c>GET /api/patients/{patientId}/alerts</c> (active rupture, safety and not-on-track alerts in whichever channel the
/// EHR uses) and <c>POST .../alerts/{type}/{id}/acknowledge|resolve</c>. Resolving ends a Flag (inactive, period.end),
/// completes a Task or a Communication; acknowledging starts a Task (in-progress) or marks a Communication received
/// (Core's AlertEhrStatus). Who and when
/// are recorded as a Provenance when the EHR accepts one, else as a note on the resource.
/// </summary>
public static class AlertEndpoints
{
    /// <param name="State">The alert's lifecycle state after the action, by Core's rules: what the service's sweep will read
    /// back and record (docs/adr/0008-alert-lifecycle.md), so the app and the store agree.</param>
    public sealed record AlertActionResult(AlertView? Alert, string Action, string RecordedAs, string? By, DateTimeOffset At, string State);

    /// <summary>The body of a resolve: why (required, at most <see cref="MaxReasonLength"/> characters) and, for a safety alert, the confirmation.</summary>
    public sealed record ResolveRequest(string? Reason, bool Confirmed);

    public const int MaxReasonLength = 500;

    public static RouteGroupBuilder MapAlerts(this RouteGroupBuilder patientApi)
    {
        patientApi.MapGet("/alerts", (string patientId, HttpContext context, SessionWriteBack writeBack, CancellationToken ct) => GetAsync(patientId, context, writeBack, history: false, ct)).RequireFeature(SmartScopes.Alerts).WithServerTiming();
        patientApi.MapGet("/alerts/history", (string patientId, HttpContext context, SessionWriteBack writeBack, CancellationToken ct) => GetAsync(patientId, context, writeBack, history: true, ct)).RequireFeature(SmartScopes.Alerts).WithServerTiming();
        patientApi.MapPost("/alerts/{type}/{id}/acknowledge", (string patientId, string type, string id, HttpContext context, SessionWriteBack writeBack, TimeProvider time, CancellationToken ct) =>
            ActAsync(patientId, type, id, null, context, writeBack, time, ct)).RequireFeature(SmartScopes.AcknowledgeAlerts).WithServerTiming();
        patientApi.MapPost("/alerts/{type}/{id}/resolve", async (string patientId, string type, string id, HttpContext context, SessionWriteBack writeBack, TimeProvider time, CancellationToken ct) =>
        {
            // Resolving ends the alert for everyone: it needs the reason (and, for safety, the confirmation) the page asks for.
            ResolveRequest? request;
            try
            {
                request = context.Request.HasJsonContentType() ? await context.Request.ReadFromJsonAsync<ResolveRequest>(ct) : null;
            }
            catch (System.Text.Json.JsonException)
            {
                request = null;
            }
            var reason = request?.Reason?.Trim();
            if (string.IsNullOrEmpty(reason))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "A reason is needed", detail: "Say why the alert is resolved; the reason is kept with the alert.");
            if (reason.Length > MaxReasonLength)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Reason too long", detail: $"Keep the reason under {MaxReasonLength} characters.");
            return await ActAsync(patientId, type, id, request! with { Reason = reason }, context, writeBack, time, ct);
        }).RequireFeature(SmartScopes.AcknowledgeAlerts).WithServerTiming();
        return patientApi;
    }

    private static async Task<IResult> GetAsync(string patientId, HttpContext context, SessionWriteBack writeBack, bool history, CancellationToken ct)
    {
            var ehr = SessionEhr.For(context);
            var channel = await writeBack.AlertChannelAsync(ehr, ct);
            if (channel is not { } c) return Results.Ok(Array.Empty<AlertView>());
            var found = (await ehr.SearchAsync(AlertReader.AlertsQuery(c, patientId), ct)).ToList();
            if (c == AlertChannel.Flag)
            {
                // Escalations of Flag alerts are Tasks (a Flag has no recipient): shown on their alert where the EHR lets us read them.
                try
                {
                    found.AddRange(await ehr.SearchAsync(AlertReader.EscalationsQuery(patientId), ct));
                }
                catch (EhrRequestException)
                {
                }
            }
            return Results.Ok(await PeopleNames.AddAsync(ehr, history ? AlertReader.History(found) : AlertReader.Active(found), ct));
        }

    /// <param name="resolve">Null to acknowledge; the reason (and confirmation) to resolve.</param>
    private static async Task<IResult> ActAsync(string patientId, string type, string id, ResolveRequest? resolve, HttpContext context,
        SessionWriteBack writeBack, TimeProvider time, CancellationToken ct)
    {
        var acknowledge = resolve is null;
        if (type is not ("Flag" or "Task" or "Communication"))
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown alert type", detail: "Alerts are Flag, Task or Communication.");
        var ehr = SessionEhr.For(context);
        var launch = ehr.Session.Context;
        var who = launch.FhirUser is null ? null : Relative(launch.FhirUser, launch.FhirBaseUrl);
        var now = time.GetUtcNow();
        var action = acknowledge ? AlertReader.AcknowledgedText : AlertReader.ResolvedText;
            Resource? resource = type switch
            {
                "Flag" => await ehr.ReadAsync<Flag>(type, id, ct),
                "Task" => await ehr.ReadAsync<Task>(type, id, ct),
                _ => await ehr.ReadAsync<Communication>(type, id, ct),
            };
            var patient = resource switch
            {
                Flag f when AlertReader.IsOurs(f.Identifier, f.Code) => f.Subject?.Reference,
                Task t when AlertReader.IsOurs(t.Identifier, t.Code) => t.For?.Reference,
                Communication c when AlertReader.IsOurs(c.Identifier, c.ReasonCode.FirstOrDefault()) => c.Subject?.Reference,
                _ => null,
            };
            if (resource is null || patient != $"Patient/{patientId}")
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such alert", detail: $"No AllianceFhir alert {type}/{id} for this client.");

            var code = resource switch { Flag f => f.Code, Task t => t.Code, Communication c => c.ReasonCode.FirstOrDefault(), _ => null };
            var kind = code?.Coding.FirstOrDefault(c => c.System == CanonicalUrls.ProjectCodeSystem)?.Code;
            if (resolve is { Confirmed: false } && kind == AlertReasons.SafetyCode)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Confirmation needed",
                    detail: "Resolving a safety alert ends it for everyone: confirm that the risk has been reviewed.");

            var features = await writeBack.FeaturesAsync(ehr, ct);
            var provenance = features.SupportsProvenance && FeatureAccess.Allows(launch.GrantedScopes, "patient/Provenance.c");
            var text = resolve?.Reason is { } why ? $"{action}: {why}" : action;
            var note = provenance || who is null ? null : new Annotation { Author = new ResourceReference(who), TimeElement = new FhirDateTime(now), Text = text };
            var changed = Apply(resource, resolve?.Reason, who, now, note);
            if (changed)
            {
                var (status, body) = await ehr.UpdateAsync(resource, ct);
                if (status == HttpStatusCode.PreconditionFailed)
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The alert changed meanwhile", detail: "Reload the alerts and try again.");
                if (status is not (HttpStatusCode.OK or HttpStatusCode.Created))
                    return Results.Text(body, SessionEhr.MediaType, statusCode: (int)status >= 500 ? StatusCodes.Status502BadGateway : StatusCodes.Status422UnprocessableEntity);
                resource = SessionEhr.Deserializer.Deserialize<Resource>(body);
            }
            var recordedAs = "note";
            var extra = new List<Resource> { resource };
            if (provenance)
            {
                var record = new Provenance
                {
                    // Unversioned, so Provenance?target=… and _revinclude find it (EHRs match references literally).
                    Target = [new ResourceReference($"{type}/{resource.Id}")],
                    RecordedElement = new Instant(now),
                    Activity = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "UPDATE", "revise", action),
                    // No user from the EHR: the app is the agent, as a contained Device (a display-only reference fails Firely's ref-1).
                    Agent = [new Provenance.AgentComponent { Who = who is null ? ProvenanceBuilder.AppAgent() : new ResourceReference(who) }],
                    Contained = who is null ? [ProvenanceBuilder.AppDevice()] : [],
                    // Why the activity took place (R4 Provenance.reason): the clinician's words.
                    Reason = resolve?.Reason is { } because ? [new CodeableConcept { Text = because }] : [],
                };
                var (status, body) = await ehr.CreateAsync(record, ct);
                if (status is HttpStatusCode.Created or HttpStatusCode.OK) extra.Add(SessionEhr.Deserializer.Deserialize<Resource>(body));
                recordedAs = status is HttpStatusCode.Created or HttpStatusCode.OK ? "Provenance" : "none";
            }
            else if (type == "Flag") recordedAs = acknowledge ? "none" : "period";
            var view = AlertReader.History(extra).FirstOrDefault();
            var state = AlertEhrStatus.StateOf(resource);
            if (acknowledge && state == AlertState.Raised && recordedAs is "Provenance" or "note") state = AlertState.Acknowledged;
            return Results.Ok(new AlertActionResult(view, acknowledge ? "acknowledged" : "resolved", recordedAs, who, now, AlertTransitions.Code(state)));
        }

    /// <summary>
    /// Changes the resource for the action with Core's lifecycle mapping (AlertEhrStatus: Flag inactive with period.end,
    /// Task in-progress then completed, Communication received then completed); false when nothing in it changes (a Flag
    /// acknowledged: Flag has no such status, the Provenance records it).
    /// </summary>
    private static bool Apply(Resource resource, string? resolvedBecause, string? who, DateTimeOffset now, Annotation? note)
    {
        var acknowledge = resolvedBecause is null;
        if (resource is not (Flag or Task or Communication)) return false;
        var step = new AlertStep(acknowledge ? AlertState.Acknowledged : AlertState.Resolved, who ?? "unknown", now, "in the app");
        if (AlertTransitions.Apply(AlertEhrStatus.StateOf(resource), step) == AlertTransitionResult.Refused) return false;
        if (resource is Flag && acknowledge) return false;
        AlertEhrStatus.Apply(resource, step);
        switch (resource)
        {
            case Task t:
                if (who is not null) t.Owner = new ResourceReference(who);
                if (resolvedBecause is not null) t.StatusReason = new CodeableConcept { Text = resolvedBecause };
                if (note is not null) t.Note.Add(note);
                break;
            case Communication c:
                if (acknowledge && who is not null && c.Recipient.All(r => r.Reference != who)) c.Recipient.Add(new ResourceReference(who));
                if (resolvedBecause is not null) c.StatusReason = new CodeableConcept { Text = resolvedBecause };
                if (note is not null) c.Note.Add(note);
                break;
        }
        return true;
    }

    internal static string Relative(string fhirUser, Uri fhirBase)
    {
        var root = fhirBase.AbsoluteUri.TrimEnd('/') + "/";
        return fhirUser.StartsWith(root, StringComparison.Ordinal) ? fhirUser[root.Length..] : fhirUser;
    }
}
