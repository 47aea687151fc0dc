using System.Security.Claims;
using System.Text.Json;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AllianceFhir.Sandbox.Authorization;

/// <summary>
/// The SMART launch context as claims on the principal OpenIddict signs in, where each goes (access token, id token,
/// or only the encrypted code / refresh token), and the token response parameters made from them.
/// </summary>
internal static class SmartClaims
{
    public const string Patient = "patient";
    public const string Encounter = "encounter";
    public const string FhirUser = "fhirUser";
    public const string NeedPatientBanner = "need_patient_banner";
    public const string SmartStyleUrl = "smart_style_url";

    public static void SetDestinations(ClaimsPrincipal principal)
    {
        var idTokenGetsFhirUser = principal.HasScope(Scopes.OpenId) && principal.HasScope("fhirUser");
        principal.SetDestinations(claim => claim.Type switch
        {
            Claims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
            FhirUser when idTokenGetsFhirUser => [Destinations.AccessToken, Destinations.IdentityToken],
            FhirUser or Patient or Encounter => [Destinations.AccessToken],
            _ => [], // kept in the authorization code and refresh token only
        });
    }

    /// <summary>The SMART token response extras (App Launch 2.2 §"Token response") for a principal with launch context.</summary>
    public static Dictionary<string, object?> TokenResponseParameters(ClaimsPrincipal principal)
    {
        // SMART requires scope in every token response; OpenIddict leaves it out when it equals what was asked.
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal) { [Parameters.Scope] = string.Join(' ', principal.GetScopes()) };
        if (principal.GetClaim(Patient) is { } patient) parameters[Patient] = patient;
        if (principal.GetClaim(Encounter) is { } encounter)
        {
            parameters[Encounter] = encounter;
            parameters["fhirContext"] = JsonSerializer.SerializeToElement(new[] { new { reference = $"Encounter/{encounter}" } });
        }
        if (principal.GetClaim(NeedPatientBanner) is { } banner) parameters[NeedPatientBanner] = banner == "true";
        if (principal.GetClaim(SmartStyleUrl) is { } style) parameters[SmartStyleUrl] = style;
        return parameters;
    }
}
