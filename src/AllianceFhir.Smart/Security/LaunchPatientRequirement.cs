using AllianceFhir.Smart.Session;
using Microsoft.AspNetCore.Authorization;

namespace AllianceFhir.Smart.Security;

/// <summary>
/// Met when the request has a SMART session and, if its route names a <c>patientId</c>, it is the launch patient.
/// Everything under <c>/api/patients/{patientId}</c> requires it, so another patient's data answers 403.
/// </summary>
internal sealed class LaunchPatientRequirement : AuthorizationHandler<LaunchPatientRequirement>, IAuthorizationRequirement
{
    public const string Policy = "smart-launch-patient";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, LaunchPatientRequirement requirement)
    {
        if (context.Resource is HttpContext http && http.FindSmartSession() is { } session)
        {
            var routePatient = http.GetRouteValue("patientId");
            if (routePatient is null || string.Equals(routePatient as string, session.Context.PatientId, StringComparison.Ordinal))
                context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
