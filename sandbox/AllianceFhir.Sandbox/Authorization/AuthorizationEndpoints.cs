using System.Security.Claims;
using AllianceFhir.Sandbox.Hosting;
using AllianceFhir.Sandbox.Launcher;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AllianceFhir.Sandbox.Authorization;

/// <summary>
/// The SMART authorize and token endpoints (OpenIddict passthrough). An EHR launch takes the user and patient from the
/// launch id and approves at once, as an EHR with the clinician already signed in does; a standalone launch shows a
/// small page to pick who you are (a practitioner, a patient, or a parent or carer) and a patient. A patient-portal
/// launch (<see cref="PortalPage"/>) has a Patient or RelatedPerson user: <c>fhirUser</c> names them, and their token
/// gets no <c>user/</c> scopes (a portal user reaches only the patient in context, through <c>patient/</c> scopes).
/// </summary>
internal static class AuthorizationEndpoints
{
    private const string PickedPatient = "sandbox_patient";
    private const string PickedPractitioner = "sandbox_practitioner";

    public static IEndpointRouteBuilder MapSandboxAuthorization(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync);
        app.MapPost("/connect/token", TokenAsync);
        return app;
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext http, LaunchStore launches, SandboxUrls urls, CohortDirectory cohort, CancellationToken cancellationToken)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (!urls.IsFhirBase((string?)request["aud"]))
            return Refuse(Errors.InvalidRequest, $"The aud parameter must be this EHR's FHIR base {urls.FhirBaseUrl}.");

        var requested = request.GetScopes();
        // RFC 6749 §4.1.2.1: a scope that is not SMART syntax is "invalid, unknown, or malformed" (as real EHRs answer).
        if (requested.FirstOrDefault(s => !SmartScope.IsValid(s)) is { } unknown)
            return Refuse(Errors.InvalidScope, $"The scope {unknown} is not a SMART scope this EHR knows.");
        string patientId, practitionerId;
        var userType = "Practitioner";
        string? encounterId = null;
        IReadOnlySet<string> withheld = new HashSet<string>();
        var isEhrLaunch = false;
        var ehrShowsBanner = false;
        if ((string?)request["launch"] is { } launchId)
        {
            if (launches.Find(launchId) is not { } launch)
                return Refuse(Errors.InvalidRequest, "The launch parameter is unknown or expired: launch the app again from the EHR.");
            (patientId, practitionerId, encounterId, withheld, isEhrLaunch, ehrShowsBanner, userType) =
                (launch.PatientId, launch.PractitionerId, launch.EncounterId, launch.WithheldScopes, true, launch.EhrShowsBanner, launch.UserType);
        }
        else if ((string?)request[PickedPatient] is { Length: > 0 } picked && (string?)request[PickedPractitioner] is { Length: > 0 } user)
        {
            (patientId, practitionerId) = (picked, user);
            // "Patient/x" or "RelatedPerson/x": a portal user signing in; their patient is themself, or the one they care for.
            if (user.Split('/') is [("Patient" or "RelatedPerson") and var type, { Length: > 0 } id])
            {
                var cared = type == "Patient" ? id : await cohort.CaredForAsync(id, cancellationToken);
                if (cared is null) return Refuse(Errors.InvalidRequest, "That parent or carer is not linked to a patient.");
                (patientId, practitionerId, userType) = (cared, id, type);
            }
        }
        else
        {
            return await StandaloneLaunchPage.RenderAsync(request, cohort, cancellationToken);
        }

        var granted = requested
            .Where(SmartScope.IsValid)
            .Where(s => !withheld.Contains(s))
            .Where(s => s != "launch" || isEhrLaunch)
            .Where(s => SmartScope.TryParse(s) is not { IsSystemLevel: true }) // system/ scopes are for backend services
            .Where(s => userType == "Practitioner" || SmartScope.TryParse(s) is null or { IsPatientLevel: true }) // portal users: patient/ only
            .Distinct(StringComparer.Ordinal)
            .ToList();

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, practitionerId);
        identity.SetClaim(SmartClaims.FhirUser, $"{urls.FhirBaseUrl}/{userType}/{practitionerId}");
        if (isEhrLaunch || granted.Contains("launch/patient")) identity.SetClaim(SmartClaims.Patient, patientId);
        if (encounterId is not null) identity.SetClaim(SmartClaims.Encounter, encounterId);
        // The app shows the patient banner unless the app sits inside the EHR's chart, which shows its own.
        identity.SetClaim(SmartClaims.NeedPatientBanner, ehrShowsBanner ? "false" : "true");
        identity.SetClaim(SmartClaims.SmartStyleUrl, $"{urls.BaseUrl}/smart-style.json");
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(granted);
        principal.SetAudiences(urls.FhirBaseUrl);
        SmartClaims.SetDestinations(principal);
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext http, SandboxUrls urls)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            if (result.Principal is not { } principal) return Refuse(Errors.InvalidGrant, "The authorization code or refresh token is no longer valid.");
            SmartClaims.SetDestinations(principal);
            var properties = new AuthenticationProperties(items: null, parameters: SmartClaims.TokenResponseParameters(principal));
            return Results.SignIn(principal, properties, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsClientCredentialsGrantType())
        {
            var granted = request.GetScopes().Where(s => SmartScope.TryParse(s) is { IsSystemLevel: true }).Distinct(StringComparer.Ordinal).ToList();
            if (granted.Count == 0) return Refuse(Errors.InvalidScope, "Backend services must request system/ scopes, e.g. system/Observation.rs.");
            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, request.ClientId);
            var principal = new ClaimsPrincipal(identity);
            principal.SetScopes(granted);
            principal.SetAudiences(urls.FhirBaseUrl);
            SmartClaims.SetDestinations(principal);
            var properties = new AuthenticationProperties(items: null, parameters: new Dictionary<string, object?> { [Parameters.Scope] = string.Join(' ', granted) });
            return Results.SignIn(principal, properties, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Refuse(Errors.UnsupportedGrantType, "The sandbox supports authorization_code, refresh_token and client_credentials.");
    }

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
