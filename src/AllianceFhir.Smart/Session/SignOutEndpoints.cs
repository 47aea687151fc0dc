using AllianceFhir.Smart.Launch;
using Microsoft.AspNetCore.Authentication;

namespace AllianceFhir.Smart.Session;

/// <summary>
/// <c>POST /signout</c> (antiforgery token in the form field or the <c>X-CSRF-TOKEN</c> header, as every unsafe
/// request: <see cref="Security.AntiforgeryMiddleware"/>): removes the server-side ticket with the EHR's tokens, clears
/// the session cookie, revokes the tokens at the EHR when it advertises revocation, and shows a "signed out" page.
/// </summary>
public static class SignOutEndpoints
{
    public static IEndpointRouteBuilder MapSmartSignOut(this IEndpointRouteBuilder app)
    {
        app.MapPost(SmartAuthenticationDefaults.SignOutPath, SignOutAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, ILoggerFactory loggers)
    {
        var current = await http.AuthenticateAsync(SmartAuthenticationDefaults.CookieScheme);
        if (!current.Succeeded || current.Properties is not { } properties) return LaunchPages.SignedOut(relaunchUrl: null);

        // The ticket goes first: whatever the EHR answers, this browser's session is over.
        await http.SignOutAsync(SmartAuthenticationDefaults.CookieScheme);
        var revoked = await http.RequestServices.GetRequiredService<SessionRevocation>().RevokeAsync(properties, http.RequestAborted);
        loggers.CreateLogger(typeof(SignOutEndpoints)).LogInformation("SMART session signed out; {Revoked} token(s) revoked at the EHR", revoked);
        return LaunchPages.SignedOut(RelaunchUrl(properties));
    }

    /// <summary>Where a standalone launch starts again (<c>/launch?iss=..</c>); null for an EHR launch, which starts in the EHR's chart.</summary>
    internal static string? RelaunchUrl(AuthenticationProperties properties) =>
        properties.GetString(SmartAuthenticationDefaults.StandaloneKey) == "true" && properties.GetString(SmartAuthenticationDefaults.IssKey) is { } iss
            ? $"{SmartAuthenticationDefaults.LaunchPath}?iss={Uri.EscapeDataString(iss)}"
            : null;
}
