using System.Runtime.InteropServices;
using System.Text.Json;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Scoring.Input;
using AllianceFhir.Ehr.Clinical;
using AllianceFhir.State;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace AllianceFhir.CdsHooks;

/// <summary>
/// The <c>patient-view</c> service: cards for the patient's active alerts in the store (ruptures, not-on-track,
/// safety), plus safety alerts from the patient's most recent QuestionnaireResponses scored now with Core, so an
/// item-9 answer given since the last sweep already shows as critical.
/// </summary>
public sealed class PatientViewService(
    PatientAlertStore alerts,
    FhirPrefetchClient fhir,
    EngineContext engine,
    CardBuilder cards,
    IOptions<CdsHooksOptions> options,
    TimeProvider time,
    ILogger<PatientViewService> log)
{
    public const string ServiceId = "alliancefhir-patient-view";
    public const string Hook = "patient-view";
    public const string ResponsesKey = "responses";

    public string ResponsesTemplate => $"QuestionnaireResponse?subject=Patient/{{{{context.patientId}}}}&_sort=-authored&_count={options.Value.RecentResponses}";

    public CdsServiceDefinition Definition => new(
        Hook,
        ServiceId,
        "AllianceFhir: alliance and safety alerts",
        "Cards when the client's answers need attention: a PHQ-9 item 9 (self-harm) answer above 0, an unrepaired alliance " +
        "rupture, or symptom scores not on their expected track. Each opens the AllianceFhir app for the client.",
        new Dictionary<string, string> { [ResponsesKey] = ResponsesTemplate },
        "Needs read access to the patient's QuestionnaireResponses (patient/QuestionnaireResponse.rs or user/QuestionnaireResponse.rs), " +
        "either prefetched or through fhirServer with fhirAuthorization, and the AllianceFhir SMART app registered with the EHR.");

    /// <summary>Answers a validated call: the cards, or the status and error to refuse it with.</summary>
    public async Task<(CdsResponse? Response, int Status, CdsError? Error)> HandleAsync(CdsServiceRequest request, string patientId, string issuer, CancellationToken ct)
    {
        var (responses, status, error) = await RecentResponsesAsync(request, patientId, issuer, ct);
        if (error is not null) return (null, status, error);

        var now = time.GetUtcNow();
        var patient = $"Patient/{patientId}";
        var found = new List<PatientAlert>();
        var scorer = new ResponseScorer(engine.Catalogue);
        foreach (var read in responses!)
        {
            // Read and scored as every path does (Core's ResponseReader): a response that does not parse still has its
            // item 9 read from its JSON; only this patient's count.
            var result = read.Score(scorer);
            if (!string.Equals(read.Input is { } input ? input.Subject : result.PatientReference, patient, StringComparison.Ordinal)) continue;
            if (AlertPlanner.ForSafety(result, $"QuestionnaireResponse/{result.ResponseId}") is { } alert && found.All(f => f.Key != alert.Key))
                found.Add(PatientAlert.From(alert, null, now, null));
        }
        // The lifecycle decides (no fixed expiry): an alert the store knows shows in its stored state, so a safety
        // answer scored here again is hidden once resolved or entered in error, and carries its acknowledgement.
        var known = (await alerts.ByKeysAsync(found.Select(a => a.Key).ToList(), ct)).ToDictionary(a => a.Key, StringComparer.Ordinal);
        found = found.Select(a => known.GetValueOrDefault(a.Key) ?? a).Where(a => Core.Alerts.Lifecycle.AlertTransitions.IsOpen(a.State)).ToList();
        found.AddRange(await alerts.ActiveAsync(patient, ct));
        if (options.Value.AcknowledgedSafetyCards == AcknowledgedCards.Drop)
            found.RemoveAll(a => a.Kind == AlertKind.Safety && a.State == Core.Alerts.Lifecycle.AlertState.Acknowledged);
        return (new CdsResponse(cards.Build(found, patientId)), StatusCodes.Status200OK, null);
    }

    private async Task<(IReadOnlyList<ResponseRead>? Responses, int Status, CdsError? Error)> RecentResponsesAsync(
        CdsServiceRequest request, string patientId, string issuer, CancellationToken ct)
    {
        if (request.Prefetch is { } prefetch && prefetch.TryGetValue(ResponsesKey, out var value) && !IsOperationOutcome(value))
        {
            if (value.ValueKind == JsonValueKind.Null) return ([], StatusCodes.Status200OK, null); // the client has no data for it
            return PrefetchedResponses(value) is { } read ? (read, StatusCodes.Status200OK, null)
                : (null, StatusCodes.Status400BadRequest, new CdsError("invalid_request",
                    $"prefetch.{ResponsesKey} is not a FHIR Bundle of QuestionnaireResponses (nor one QuestionnaireResponse)"));
        }

        if (request.FhirServer is null || string.IsNullOrEmpty(request.FhirAuthorization?.AccessToken))
            return (null, StatusCodes.Status412PreconditionFailed, new CdsError("prefetch_missing",
                $"prefetch.{ResponsesKey} is required ({ResponsesTemplate}), or fhirServer with fhirAuthorization so the service can read it"));
        if (!Uri.TryCreate(request.FhirServer, UriKind.Absolute, out var server) || server.Scheme is not ("https" or "http"))
            return (null, StatusCodes.Status400BadRequest, new CdsError("invalid_request", "fhirServer must be an absolute http(s) URL"));
        var allowed = options.Value.Clients.FirstOrDefault(c => c.Issuer == issuer)?.FhirServers ?? [];
        if (!allowed.Any(a => string.Equals(a.TrimEnd('/'), request.FhirServer.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
            return (null, StatusCodes.Status400BadRequest, new CdsError("invalid_request", allowed.Count == 0
                ? $"fhirServer is not allowed for this client (no CdsHooks:Clients:N:FhirServers): send prefetch.{ResponsesKey} instead"
                : "fhirServer is not one of the FHIR servers allow-listed for this client"));

        var query = ResponsesTemplate.Replace("{{context.patientId}}", Uri.EscapeDataString(patientId), StringComparison.Ordinal);
        var fetched = await fhir.GetAsync(server, request.FhirAuthorization!.AccessToken!, query, ct);
        if (fetched is null)
        {
            // Still answer from the store: a safety card already recorded must not be lost to an EHR hiccup.
            log.LogWarning("CDS patient-view: the client's FHIR server could not be read; answering from the store only");
            return ([], StatusCodes.Status200OK, null);
        }
        return (PrefetchedResponses(fetched.Value) ?? [], StatusCodes.Status200OK, null);
    }

    private static bool IsOperationOutcome(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("resourceType", out var type) && type.ValueEquals("OperationOutcome");

    /// <summary>
    /// The Bundle's QuestionnaireResponses (prefetched, or read from the client's FHIR server), each read on its own from
    /// its raw JSON by Core's <see cref="ResponseReader"/>, as every path reads a response (issues 10 §2, 12): one that
    /// does not parse is kept as JSON for its item 9, so a valid positive response beside it is never lost to it. Null
    /// when the value is not a Bundle or a QuestionnaireResponse at all (the call is refused, naming the key).
    /// </summary>
    private List<ResponseRead>? PrefetchedResponses(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("resourceType", out var type) || type.ValueKind != JsonValueKind.String) return null;
        if (type.ValueEquals("QuestionnaireResponse")) return [Parse(value, "")];
        if (!type.ValueEquals("Bundle")) return null;
        var read = new List<ResponseRead>();
        if (!value.TryGetProperty("entry", out var entries)) return read;
        if (entries.ValueKind != JsonValueKind.Array) return null;
        var i = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            var at = $"entry[{i++}]";
            if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("resource", out var resource) && resource.ValueKind == JsonValueKind.Object
                && resource.TryGetProperty("resourceType", out var rt) && rt.ValueEquals("QuestionnaireResponse"))
                read.Add(Parse(resource, at));
        }
        return read;

        ResponseRead Parse(JsonElement resource, string at)
        {
            var response = ResponseReader.Read(JsonMarshal.GetRawUtf8Value(resource));
            if (response.Rejection is { } rejection)
                log.LogWarning("CDS patient-view: prefetch.{Key} {Entry} is not a valid QuestionnaireResponse ({Code}); its item 9 is read from its JSON",
                    ResponsesKey, at, rejection.Code);
            return response;
        }
    }
}
