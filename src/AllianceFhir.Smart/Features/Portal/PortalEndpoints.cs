using System.Net;
using System.Text.Json.Nodes;
using AllianceFhir.Core.Confidentiality;
using AllianceFhir.Smart.Features.Catalogue;
using AllianceFhir.Smart.Features.Ehr;
using AllianceFhir.Smart.Features.Questionnaires;
using AllianceFhir.Smart.Security;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using FhirTask = Hl7.Fhir.Model.Task;

namespace AllianceFhir.Smart.Features.Portal;

/// <summary>
/// The client's API (a session whose user is a Patient or RelatedPerson: <see cref="PortalUserRequirement"/>), for the
/// page at <c>/patient/</c>:
/// <list type="bullet">
/// <item><c>GET /api/portal/context</c>: who is signed in, the patient's name, whether scores are shown, the antiforgery token;</item>
/// <item><c>GET /api/portal/questionnaires</c>: the open questionnaires assigned to the user (<see cref="AssignedTasks"/>);</item>
/// <item><c>GET /api/portal/questionnaires/{taskId}/form</c>: that Task's Questionnaire with the site's text pack, for LHC-Forms;
/// opening it starts the Task (requested or ready becomes in-progress, once);</item>
/// <item><c>POST /api/portal/questionnaires/{taskId}/response</c> (antiforgery header): the clinician app's write path
/// (<see cref="ResponseEndpoint"/>: response with <c>basedOn</c> the Task and <c>author</c> the user, scores, the safety
/// alert at once), then the Task completed with the response as its output; answers with the site's next steps for a
/// self-harm answer;</item>
/// <item><c>GET /api/portal/scores</c>: the client's own latest totals in plain language, only where
/// <see cref="PortalOptions.ShowScoresToClient"/> is on, and never to a carer.</item>
/// </list>
/// Nothing here returns a response's answers: a carer cannot open the young person's own answers through this app.
/// </summary>
public static class PortalEndpoints
{
    public const string Prefix = "/api/portal";

    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder app)
    {
        var portal = app.MapGroup(Prefix).RequireAuthorization(PortalUserRequirement.Policy).WithServerTiming();
        portal.MapGet("/context", ContextAsync);
        portal.MapGet("/questionnaires", ListAsync);
        portal.MapGet("/questionnaires/{taskId}/form", FormAsync);
        portal.MapPost("/questionnaires/{taskId}/response", SubmitAsync);
        portal.MapGet("/scores", ScoresAsync);
        return app;
    }

    private static async Task<IResult> ContextAsync(HttpContext http, IAntiforgery antiforgery, IOptions<PortalOptions> options, CancellationToken ct)
    {
        var (ehr, user) = Session(http);
        string? name = null;
        try
        {
            name = (await ehr.ReadAsync<Patient>("Patient", ehr.Session.Context.PatientId, ct))?.Name.FirstOrDefault() is { } n
                ? string.Join(' ', n.Given.Concat([n.Family]).Where(p => !string.IsNullOrWhiteSpace(p)))
                : null;
        }
        catch (EhrRequestException)
        {
            name = null; // the page reads "your questionnaires" without a name
        }
        var tokens = antiforgery.GetAndStoreTokens(http);
        return Results.Ok(new PortalContext(user.ResourceType, user.IsCaregiver, name, ShowsScores(options.Value, user), tokens.RequestToken));
    }

    private static async Task<IResult> ListAsync(HttpContext http, SmartCatalogue catalogue, TimeProvider time, CancellationToken ct)
    {
        var (ehr, user) = Session(http);
        var patient = ehr.Session.Context.PatientId;
        var tasks = (await ehr.SearchAsync(AssignedTasks.Query(patient, user), ct)).OfType<FhirTask>();
        return Results.Ok(AssignedTasks.Select(tasks, patient, user, time.GetUtcNow(), catalogue.Catalogue));
    }

    private static async Task<IResult> FormAsync(string taskId, HttpContext http, SmartCatalogue catalogue, TimeProvider time, IOptions<PortalOptions> options,
        ILoggerFactory logs, CancellationToken ct)
    {
        var (ehr, user) = Session(http);
        var (assigned, problem) = await OpenTaskAsync(ehr, user, taskId, catalogue, time, ct);
        if (problem is not null) return problem;
        if (catalogue.ForDisplay(assigned!.InstrumentId) is not { } questionnaire) return NotOpen();
        // The client has the form in front of them: the Task is under way. An EHR that refuses the update still gets the
        // response and the completed Task on submit, so the form opens either way.
        try
        {
            if (await StartTaskAsync(ehr, taskId, time, ct) is { } refused)
                logs.CreateLogger(typeof(PortalEndpoints).FullName!).LogWarning("The EHR refused to mark an assigned Task in-progress ({Status})", (int)refused);
        }
        catch (EhrRequestException e)
        {
            logs.CreateLogger(typeof(PortalEndpoints).FullName!).LogWarning("Could not mark an assigned Task in-progress ({Status})", (int)e.Status);
        }
        // The client answers; the care team scores. A calculated total shown while answering is a score shown to the client,
        // so it is hidden (SDC questionnaire-hidden) unless the site shows clients their scores, and never to a carer.
        var copy = (Questionnaire)questionnaire.DeepCopy();
        if (!ShowsScores(options.Value, user)) HideCalculated(copy.Item);
        return Results.Text(SessionEhr.Serializer.SerializeToString(copy), SessionEhr.MediaType);
    }

    private static JsonObject? TryParseObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static async Task<IResult> SubmitAsync(string taskId, HttpContext http, SmartCatalogue catalogue, SessionWriteBack writeBack, TimeProvider time,
        IOptions<PortalOptions> options, ConfidentialitySettings confidentiality, CancellationToken ct)
    {
        var (ehr, user) = Session(http);
        var json = await ResponseEndpoint.ReadLimitedAsync(http.Request, ct);
        if (json is null) return ResponseEndpoint.TooLarge();
        var (assigned, problem) = await OpenTaskAsync(ehr, user, taskId, catalogue, time, ct);
        if (problem is not null) return problem;
        var instrument = catalogue.Catalogue.FindById(assigned!.InstrumentId)!;

        // The response answers this Task's questionnaire, whatever the body names: one Task, one instrument.
        // A body that is not JSON is left as it is: the write path refuses it with a 400 naming why.
        if (TryParseObject(json) is { } body)
        {
            body["questionnaire"] = instrument.Version is null ? instrument.Url : $"{instrument.Url}|{instrument.Version}";
            json = body.ToJsonString();
        }
        // One response per Task: a second submission of the same Task finds what the first wrote. The write path scores the
        // body once and says, when it refuses it, whether item 9 was positive.
        var (refused, saved) = await ResponseEndpoint.SubmitAsync(json, ehr.Session.Context.PatientId, instrument.Id, taskId, $"task:{taskId}",
            http, catalogue, writeBack, time, confidentiality, ct);
        if (refused is not null)
        {
            // Not saved, but item 9 was answered above 0: the client still sees what to do now.
            if (!refused.PositiveSafetySignal) return refused.Answer;
            return Results.Json(new { saved = false, safety = Safety(options.Value, careTeamTold: false) }, statusCode: StatusCodes.Status400BadRequest);
        }

        var completed = await CompleteTaskAsync(ehr, taskId, saved!.ResponseId, time, ct);
        var safety = saved.Safety is null ? null : Safety(options.Value, saved.Safety.AlertWritten);
        var scores = ShowsScores(options.Value, user)
            ? saved.Scores.Where(s => s.Scale == "total").Select(s => PlainScores.Describe(instrument, instrument.TotalScale, s.Value, time.GetUtcNow())).ToList()
            : null;
        return Results.Ok(new PortalSubmissionResult(saved.ResponseId, saved.AlreadySubmitted, instrument.Title, completed, safety, scores));
    }

    private static async Task<IResult> ScoresAsync(HttpContext http, SmartCatalogue catalogue, IOptions<PortalOptions> options, CancellationToken ct)
    {
        var (ehr, user) = Session(http);
        if (!ShowsScores(options.Value, user))
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Scores are not shown here",
                detail: user.IsCaregiver ? "A parent or carer does not see the young person's scores in this app." : "Your service shows scores in your appointments, not here.");
        var patient = ehr.Session.Context.PatientId;
        var observations = (await ehr.SearchAsync($"Observation?patient=Patient/{Uri.EscapeDataString(patient)}&category=survey&_count=200", ct)).OfType<Observation>();
        var latest = new Dictionary<string, PortalScore>(StringComparer.Ordinal);
        foreach (var o in observations.Where(o => o.Status is ObservationStatus.Final or ObservationStatus.Amended or ObservationStatus.Corrected))
        {
            // The client's own reports only: a score an informant performed (a carer's report) is not theirs.
            if (o.Performer.Any(p => p.Reference?.Contains("RelatedPerson/", StringComparison.Ordinal) == true)) continue;
            var coded = o.Code?.Coding.Select(c => catalogue.Catalogue.FindByScoreCode(c.System, c.Code)).FirstOrDefault(x => x is not null);
            if (coded is not { } found || found.Scale.Key != found.Instrument.TotalScale.Key) continue;
            var value = o.Value switch { Quantity q => q.Value, Integer i => i.Value, _ => null };
            if (value is null) continue;
            var when = (o.Effective as FhirDateTime)?.ToDateTimeOffset(TimeSpan.Zero);
            if (latest.TryGetValue(found.Instrument.Id, out var kept) && kept.When >= when) continue;
            latest[found.Instrument.Id] = PlainScores.Describe(found.Instrument, found.Scale, value.Value, when);
        }
        return Results.Ok(latest.Values.OrderBy(s => s.Instrument, StringComparer.Ordinal).ToList());
    }

    private const string HiddenExtension = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden";
    private const string CalculatedExpression = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";

    private static void HideCalculated(List<Questionnaire.ItemComponent> items)
    {
        foreach (var item in items)
        {
            if (item.Extension.Any(e => e.Url == CalculatedExpression) && item.Extension.All(e => e.Url != HiddenExtension))
                item.Extension.Add(new Extension(HiddenExtension, new FhirBoolean(true)));
            HideCalculated(item.Item);
        }
    }

    private static (SessionEhr Ehr, PortalUser User) Session(HttpContext http)
    {
        var ehr = SessionEhr.For(http);
        return (ehr, PortalUser.From(ehr.Session.Context.FhirUser) ?? throw new InvalidOperationException("not a portal session"));
    }

    private static bool ShowsScores(PortalOptions options, PortalUser user) => options.ShowScoresToClient && !user.IsCaregiver;

    private static PortalSafety Safety(PortalOptions options, bool careTeamTold) =>
        new(options.SafetyMessage, options.SafetyContacts, careTeamTold, careTeamTold ? null : options.AlertNotWrittenMessage);

    /// <summary>The Task when it is an open assignment to this user (else 404: another's Task looks like none).</summary>
    private static async Task<(AssignedQuestionnaire? Assigned, IResult? Problem)> OpenTaskAsync(SessionEhr ehr, PortalUser user, string taskId,
        SmartCatalogue catalogue, TimeProvider time, CancellationToken ct)
    {
        FhirTask? task;
        try
        {
            task = await ehr.ReadAsync<FhirTask>("Task", taskId, ct);
        }
        catch (EhrRequestException e) when (e.Status is HttpStatusCode.Forbidden)
        {
            task = null;
        }
        var assigned = task is null ? null : AssignedTasks.Select([task], ehr.Session.Context.PatientId, user, time.GetUtcNow(), catalogue.Catalogue).FirstOrDefault();
        return assigned is null ? (null, NotOpen()) : (assigned, null);
    }

    private static IResult NotOpen() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Questionnaire not open",
        detail: "This questionnaire is not waiting for you: it may be done already, or no longer open.");

    /// <summary>
    /// The Task started: R4 task-status <c>requested</c> ("ready to be acted upon") or <c>ready</c> becomes <c>in-progress</c>
    /// ("the task has been started but is not yet complete"; docs/domain.md §7), on the version read (If-Match). Idempotent:
    /// a Task already in-progress (or any other status) is not written. Null when done or nothing to do; else the EHR's refusal.
    /// The assigner counts in-progress as open (QuestionnaireTasks.OpenStatuses), so it neither assigns it again nor stops
    /// expiring it.
    /// </summary>
    private static async Task<HttpStatusCode?> StartTaskAsync(SessionEhr ehr, string taskId, TimeProvider time, CancellationToken ct)
    {
        HttpStatusCode? last = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var task = await ehr.ReadAsync<FhirTask>("Task", taskId, ct);
            if (task?.Status is not (FhirTask.TaskStatus.Requested or FhirTask.TaskStatus.Ready)) return null;
            task.Status = FhirTask.TaskStatus.InProgress;
            task.LastModifiedElement = new FhirDateTime(time.GetUtcNow());
            var (status, _) = await ehr.UpdateAsync(task, ct);
            if ((int)status is >= 200 and < 300) return null;
            last = status;
            if (status != HttpStatusCode.PreconditionFailed && status != HttpStatusCode.Conflict) break; // changed meanwhile: read again once
        }
        return last;
    }

    /// <summary>The Task completed with the response as its output (SDC), on the version read (If-Match); false when the EHR refused.</summary>
    private static async Task<bool> CompleteTaskAsync(SessionEhr ehr, string taskId, string responseId, TimeProvider time, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var task = await ehr.ReadAsync<FhirTask>("Task", taskId, ct);
            if (task is null) return false;
            var reference = $"QuestionnaireResponse/{responseId}";
            if (task.Status == FhirTask.TaskStatus.Completed)
                return task.Output.Any(o => (o.Value as ResourceReference)?.Reference == reference);
            task.Status = FhirTask.TaskStatus.Completed;
            task.LastModifiedElement = new FhirDateTime(time.GetUtcNow());
            task.Output.Add(new FhirTask.OutputComponent
            {
                Type = new CodeableConcept(AssignedTasks.SdcTaskCodeSystem, AssignedTasks.ResponseOutputType),
                Value = new ResourceReference(reference),
            });
            var (status, _) = await ehr.UpdateAsync(task, ct);
            if ((int)status is >= 200 and < 300) return true;
            if (status != HttpStatusCode.PreconditionFailed && status != HttpStatusCode.Conflict) return false; // changed meanwhile: read again once
        }
        return false;
    }
}
