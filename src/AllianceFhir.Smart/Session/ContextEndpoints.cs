using AllianceFhir.Smart.Security;
using Microsoft.AspNetCore.Antiforgery;

namespace AllianceFhir.Smart.Session;

/// <summary><c>GET /api/context</c>: what the app shell needs to start: the launch context, the features on or off, the antiforgery token.</summary>
public static class ContextEndpoints
{
    public sealed record ContextResponse(
        string Patient,
        string? Encounter,
        string? FhirUser,
        bool NeedPatientBanner,
        string? SmartStyleUrl,
        IReadOnlyDictionary<string, FeatureAvailability.FeatureState> Features,
        string? CsrfToken);

    public static IEndpointRouteBuilder MapSmartContext(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/context", (HttpContext http, IAntiforgery antiforgery) =>
        {
            var c = http.GetSmartSession().Context;
            var tokens = antiforgery.GetAndStoreTokens(http);
            return new ContextResponse(c.PatientId, c.EncounterId, c.FhirUser, c.NeedPatientBanner, c.SmartStyleUrl,
                FeatureAvailability.From(c.GrantedScopes), tokens.RequestToken);
        }).RequireAuthorization(LaunchPatientRequirement.Policy);
        return app;
    }
}
