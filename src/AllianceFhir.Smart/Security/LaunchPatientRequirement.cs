using AllianceFhir.Smart.Session;
using Microsoft.AspNetCore.Authorization;

namespace AllianceFhir.Smart.Security;

/// <summary>
/// Met when the request has a SMART session and, if its route names a <c>patientId</c>, it is the launch patient.
/// Everything under <c>/api/patients/{patientId}</c> requires it, so another patient's data answers 403. A patient-facing
/// session (the user a Patient or RelatedPerson, <see cref="PortalUserRequirement"/>) never meets it: the clinician's
/// API is not the client's.
/// </summary>
internal sealed class LaunchPatientRequirement : AuthorizationHandler<LaunchPatientRequirement>, IAuthorizationRequirement
{
    public const string Policy = "smart-launch-patient";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, LaunchPatientRequirement requirement)
    {
        if (context.Resource is HttpContext http && http.FindSmartSession() is { } session
            && Features.Portal.PortalUser.From(session.Context.FhirUser) is null)
        {
            var routePatient = http.GetRouteValue("patientId");
            if (routePatient is null || string.Equals(routePatient as string, session.Context.PatientId, StringComparison.Ordinal))
                context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
