using AllianceFhir.Smart.Features.Portal;
using AllianceFhir.Smart.Session;
using Microsoft.AspNetCore.Authorization;

namespace AllianceFhir.Smart.Security;

/// <summary>
/// Met when the request has a SMART session whose user (<c>fhirUser</c>) is a Patient or a RelatedPerson: everything under
/// <c>/api/portal</c> requires it. The clinician's API (<see cref="LaunchPatientRequirement"/>) refuses such a session, so
/// a client or carer never reaches the dashboard, the alerts or another instrument's answers.
/// </summary>
internal sealed class PortalUserRequirement : AuthorizationHandler<PortalUserRequirement>, IAuthorizationRequirement
{
    public const string Policy = "smart-portal-user";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PortalUserRequirement requirement)
    {
        if (context.Resource is HttpContext http && http.FindSmartSession() is { } session && PortalUser.From(session.Context.FhirUser) is not null)
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
