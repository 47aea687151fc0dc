using AllianceFhir.Smart.Features.Alerts;
using AllianceFhir.Smart.Features.Ehr;
using System.Text.Json;
using Hl7.Fhir.Model;

namespace AllianceFhir.Smart.Features.Dashboard;

/// <summary>
/// <c>GET /api/patients/{patientId}/dashboard</c>: banner, symptom and alliance charts, alerts and a plain-language
/// summary in at most three EHR requests, sent together: the Patient with its alerts and their Provenance
/// (<c>_revinclude</c>), the patient's QuestionnaireResponses, and its survey Observations.
/// </summary>
public static class DashboardEndpoint
{
    /// <summary>Large enough for years of weekly sessions in one page; the EHR caps it and paging takes over beyond.</summary>
    public const int PageSize = 1000;

    public static RouteGroupBuilder MapDashboard(this RouteGroupBuilder patientApi)
    {
        patientApi.MapGet("/dashboard", GetAsync).RequireFeature(SmartScopes.Dashboard).WithServerTiming();
        return patientApi;
    }

    /// <param name="tz">The clinician's IANA time zone (the browser's), for the dates the summary names; UTC when unknown.</param>
    private static async Task<IResult> GetAsync(string patientId, string? tz, HttpContext context, DashboardBuilder builder, ResponseScoreCache scores,
        SessionWriteBack writeBack, CancellationToken ct)
    {
        var zone = tz is { Length: > 0 and <= 64 } && TimeZoneInfo.TryFindSystemTimeZoneById(tz, out var found) ? found : TimeZoneInfo.Utc;
        var ehr = SessionEhr.For(context);
        var granted = ehr.Session.Context.GrantedScopes;
        var subject = Uri.EscapeDataString($"Patient/{patientId}");
            // The channel comes from the CapabilityStatement, read once per EHR and kept.
            var channel = FeatureAccess.IsGranted(granted, SmartScopes.Alerts) ? await writeBack.AlertChannelAsync(ehr, ct) : null;
            // The banner's Patient comes with the responses (_include), so it costs no request of its own.
            var responsesTask = FeatureAccess.Allows(granted, "patient/QuestionnaireResponse.s")
                ? ehr.SearchJsonAsync($"QuestionnaireResponse?subject={subject}&_count={PageSize}&_include=QuestionnaireResponse:subject", ct)
                : System.Threading.Tasks.Task.FromResult(new List<JsonElement>());
            var observationsTask = ehr.SearchJsonAsync($"Observation?subject={subject}&category=survey&_count={PageSize}", ct);
            var alertsTask = channel is { } c ? ehr.SearchAsync(AlertReader.AlertsQuery(c, patientId), ct) : System.Threading.Tasks.Task.FromResult(new List<Resource>());
            await System.Threading.Tasks.Task.WhenAll(responsesTask, observationsTask, alertsTask);

            var included = responsesTask.Result;
            var patient = included.Where(j => Type(j) == "Patient").Select(ehr.Parse).OfType<Patient>().FirstOrDefault(p => p.Id == patientId)
                ?? await ehr.ReadAsync<Patient>("Patient", patientId, ct);
            var patientReference = $"Patient/{patientId}";
            var responseJson = included.Where(j => Type(j) == "QuestionnaireResponse").ToList();
            var responses = responseJson.Select(json => scores.GetOrScore(ehr.Session.Context.FhirBaseUrl, patientReference, json,
                j => builder.Score(patientReference, j))).ToList();
            var responseIds = responseJson.Select(Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
            // The service's score Observations of responses read above would be dropped by ScoreSeries: skip parsing them.
            var observations = observationsTask.Result.Where(o => !ResponseJson.IsOurScoreOf(o, responseIds)).Select(ehr.Parse).OfType<Observation>();
            // Names of the people who acknowledged an alert: one more request, only when someone did.
            var alerts = await PeopleNames.AddAsync(ehr, AlertReader.Active(alertsTask.Result), ct);
            var observationList = observations.ToList();
            var informants = await InformantLabels.ReadAsync(ehr, responses.Select(r => r.InformantReference)
                .Concat(observationList.SelectMany(o => o.Performer.Select(p => p.Reference))), ct);
            return Results.Ok(builder.Build(patientId, patient, responses, observationList, alerts, zone, informants));
        }

    private static string? Type(JsonElement json) => json.TryGetProperty("resourceType", out var t) ? t.GetString() : null;

    private static string? Id(JsonElement json) => json.TryGetProperty("id", out var t) ? t.GetString() : null;
}
