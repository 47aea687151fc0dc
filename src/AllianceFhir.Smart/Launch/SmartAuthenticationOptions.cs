using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Http;

namespace AllianceFhir.Smart.Launch;

/// <summary>
/// The OAuth handler's options for SMART: PKCE S256 always, tokens kept (in the server-side session only), and a
/// correlation cookie that survives an EHR iframe (<c>__Host-</c>, Secure, SameSite=None). The client id, endpoints and
/// client authentication are per EHR (<see cref="Hosting.SmartOptions.Ehrs"/>), so the single-provider ones here are unused.
/// </summary>
public sealed class SmartAuthenticationOptions : OAuthOptions
{
    public SmartAuthenticationOptions()
    {
        CallbackPath = SmartAuthenticationDefaults.CallbackPath;
        UsePkce = true;
        SaveTokens = true;
        CorrelationCookie.Name = "__Host-smart-correlation.";
        CorrelationCookie.Path = "/";
        CorrelationCookie.SameSite = SameSiteMode.None;
        CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
        CorrelationCookie.HttpOnly = true;
        CorrelationCookie.IsEssential = true;
    }

    /// <summary>Only the checks that apply: the per-EHR client and endpoints are validated in <see cref="Hosting.SmartOptions"/>.</summary>
    public override void Validate()
    {
        if (!CallbackPath.HasValue) throw new ArgumentException("CallbackPath must be set", nameof(CallbackPath));
        if (!UsePkce) throw new ArgumentException("SMART App Launch 2 requires PKCE", nameof(UsePkce));
    }
}
