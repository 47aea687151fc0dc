using AllianceFhir.Smart.Security;

namespace AllianceFhir.Smart.Session;

/// <summary>The group every patient-level feature endpoint lives in.</summary>
public static class PatientApi
{
    public const string Prefix = "/api/patients/{patientId}";

    /// <summary>
    /// <c>/api/patients/{patientId}</c>: 401 without a SMART session, 403 when <c>patientId</c> is not the launch
    /// patient, both before the feature runs; unsafe methods also need the antiforgery header (see
    /// <see cref="AntiforgeryMiddleware"/>). Features add to it: <c>app.MapPatientApi().MapDashboard()</c>.
    /// </summary>
    public static RouteGroupBuilder MapPatientApi(this IEndpointRouteBuilder app) =>
        app.MapGroup(Prefix).RequireAuthorization(LaunchPatientRequirement.Policy);
}
