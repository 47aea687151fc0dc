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

    private static async Task<IResult> GetAsync(string patientId, HttpContext context, DashboardBuilder builder, CancellationToken ct)
    {
        var ehr = SessionEhr.For(context);
        var granted = ehr.Session.Context.GrantedScopes;
        var withAlerts = FeatureAccess.IsGranted(granted, SmartScopes.Alerts);
        var subject = Uri.EscapeDataString($"Patient/{patientId}");
        var patientTask = ehr.SearchAsync(withAlerts ? AlertReader.PatientWithAlertsQuery(patientId) : $"Patient?_id={Uri.EscapeDataString(patientId)}", ct);
        var responsesTask = FeatureAccess.Allows(granted, "patient/QuestionnaireResponse.s")
            ? ehr.SearchJsonAsync($"QuestionnaireResponse?subject={subject}&_count={PageSize}", ct)
            : System.Threading.Tasks.Task.FromResult(new List<JsonElement>());
        var observationsTask = ehr.SearchJsonAsync($"Observation?subject={subject}&category=survey&_count={PageSize}", ct);
        try
        {
            await System.Threading.Tasks.Task.WhenAll(patientTask, responsesTask, observationsTask);
        }
        catch (EhrRequestException e)
        {
            return EhrProblem(e);
        }
        var patientAndAlerts = patientTask.Result;
        var responses = responsesTask.Result.Select(json => ResponseJson.TryRead(json) ?? ehr.Parse(json) as QuestionnaireResponse).OfType<QuestionnaireResponse>().ToList();
        var responseIds = responses.Select(r => r.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        // The service's score Observations of responses read above would be dropped by ScoreSeries: skip parsing them.
        var observations = observationsTask.Result.Where(o => !ResponseJson.IsOurScoreOf(o, responseIds)).Select(ehr.Parse).OfType<Observation>();
        var view = builder.Build(patientId, patientAndAlerts.OfType<Patient>().FirstOrDefault(p => p.Id == patientId),
            responses, observations, withAlerts ? AlertReader.Active(patientAndAlerts) : []);
        return Results.Ok(view);
    }

    internal static IResult EhrProblem(EhrRequestException e) =>
        Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The EHR did not answer as expected", detail: e.Message);
}
