using System.Text.Json;
using AllianceFhir.State;
using Microsoft.Extensions.Options;

namespace AllianceFhir.CdsHooks;

/// <summary>CDS Hooks 2.0: discovery at GET /cds-services, the patient-view service, and its feedback endpoint.</summary>
public static class CdsHooksEndpoints
{
    public const string Policy = "cds-client";
    public const string CorsPolicy = "cds-hooks";

    public static WebApplication MapCdsHooks(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<CdsHooksOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.PublicBaseUrl) && options.Clients.Count > 0) // only reachable in Development (CdsHooksOptionsValidator)
            app.Logger.LogWarning("CdsHooks:PublicBaseUrl is not set: JWT aud is checked against each request's Host header, which the caller chooses. Development only; set it anywhere else");
        var group = app.MapGroup("/cds-services").RequireCors(CorsPolicy);
        var discovery = group.MapGet("", (PatientViewService service) => Results.Json(new CdsDiscovery([service.Definition]), CdsJson.Options));
        if (options.RequireTokenForDiscovery) discovery.RequireAuthorization(Policy);
        else discovery.AllowAnonymous(); // CdsHooks:RequireTokenForDiscovery=false: discovery holds no patient data

        group.MapPost("/{id}", CallAsync).RequireAuthorization(Policy);
        group.MapPost("/{id}/feedback", FeedbackAsync).RequireAuthorization(Policy);
        return app;
    }

    private static async Task<IResult> CallAsync(string id, HttpRequest http, PatientViewService service, CancellationToken ct)
    {
        if (id != PatientViewService.ServiceId) return Error(StatusCodes.Status404NotFound, "not_found", $"no CDS service '{Clip(id)}' here: see GET /cds-services");
        var (request, bad) = await ReadAsync<CdsServiceRequest>(http, ct);
        if (bad is not null) return bad;
        var (patientId, invalid) = CdsRequestValidator.Validate(request!, PatientViewService.Hook);
        if (invalid is not null) return Results.Json(invalid, CdsJson.Options, statusCode: StatusCodes.Status400BadRequest);
        var (response, status, error) = await service.HandleAsync(request!, patientId!, http.HttpContext.User.FindFirst("iss")!.Value, ct);
        return error is not null ? Results.Json(error, CdsJson.Options, statusCode: status) : Results.Json(response, CdsJson.Options);
    }

    private static async Task<IResult> FeedbackAsync(string id, HttpRequest http, FeedbackStore store, PatientAlertStore alerts, CancellationToken ct)
    {
        if (id != PatientViewService.ServiceId) return Error(StatusCodes.Status404NotFound, "not_found", $"no CDS service '{Clip(id)}' here: see GET /cds-services");
        var (request, bad) = await ReadAsync<FeedbackRequest>(http, ct);
        if (bad is not null) return bad;
        if (request!.Feedback is not { Count: > 0 } items) return Error(StatusCodes.Status400BadRequest, "invalid_request", "feedback must be a non-empty array");
        var issuer = http.HttpContext.User.FindFirst("iss")!.Value;
        var entries = new List<FeedbackStore.Entry>();
        for (var i = 0; i < items.Count; i++)
        {
            var f = items[i];
            if (!Guid.TryParse(f.Card, out _)) return Error(StatusCodes.Status400BadRequest, "invalid_request", $"feedback[{i}].card must be the uuid of a card");
            if (f.Outcome is not ("accepted" or "overridden"))
                return Error(StatusCodes.Status400BadRequest, "invalid_request", $"feedback[{i}].outcome must be 'accepted' or 'overridden'");
            if (f.OutcomeTimestamp is not { } at) return Error(StatusCodes.Status400BadRequest, "invalid_request", $"feedback[{i}].outcomeTimestamp is required (ISO 8601)");
            if (f.Outcome == "accepted" && f.OverrideReason is not null)
                return Error(StatusCodes.Status400BadRequest, "invalid_request", $"feedback[{i}].overrideReason is only for an overridden card");
            var reason = f.OverrideReason?.Reason;
            if (reason is not null && (string.IsNullOrEmpty(reason.Code) || string.IsNullOrEmpty(reason.System)))
                return Error(StatusCodes.Status400BadRequest, "invalid_request", $"feedback[{i}].overrideReason.reason needs code and system");
            entries.Add(new FeedbackStore.Entry(PatientViewService.ServiceId, f.Card!, f.Outcome, reason?.System, reason?.Code,
                f.AcceptedSuggestions?.Count ?? 0, at, issuer));
        }
        await store.AddAsync(entries, ct);
        // Against the same alert, in its audit trail (docs/adr/0008-alert-lifecycle.md): a card the store does not know
        // (a safety answer scored on the fly, not yet swept) keeps its feedback in cds_feedback only.
        var byCard = (await alerts.ByCardsAsync(entries.Select(e => e.CardUuid).Distinct().ToList(), ct)).ToDictionary(a => a.CardUuid, StringComparer.Ordinal);
        await alerts.AddEventsAsync(entries.Where(e => byCard.ContainsKey(e.CardUuid)).Select(e => new AlertEvent(byCard[e.CardUuid].Key,
            $"feedback-{e.Outcome}", null, issuer, e.OutcomeTimestamp, null, "cds", e.OverrideCode is null ? null : $"{e.OverrideSystem}|{e.OverrideCode}")).ToList(), ct);
        return Results.Ok();
    }

    private static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest http, CancellationToken ct) where T : class
    {
        if (!http.HasJsonContentType()) return (null, Error(StatusCodes.Status415UnsupportedMediaType, "invalid_request", "the body must be application/json"));
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(http.Body, CdsJson.Options, ct);
            return body is null ? (null, Error(StatusCodes.Status400BadRequest, "invalid_request", "the body is empty")) : (body, null);
        }
        catch (JsonException e)
        {
            return (null, Error(StatusCodes.Status400BadRequest, "invalid_request", $"the body is not valid CDS Hooks JSON (at {e.Path ?? "$"})"));
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json's answer to invalid UTF-8 inside a string value.
            return (null, Error(StatusCodes.Status400BadRequest, "invalid_request", "the body is not valid UTF-8 JSON"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Error(StatusCodes.Status413PayloadTooLarge, "invalid_request",
                $"the body is larger than the server accepts ({http.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize:N0} bytes): send fewer prefetched resources"));
        }
    }

    private static IResult Error(int status, string code, string why) => Results.Json(new CdsError(code, why), CdsJson.Options, statusCode: status);

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
