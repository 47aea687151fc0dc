using AllianceFhir.Smart.Hosting;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Smart.Security;

/// <summary>
/// Headers on every response: a Content-Security-Policy (own scripts only, no inline script; framing only by
/// <see cref="SmartOptions.FrameAncestors"/>), nosniff, no Referer (so a callback URL's code never leaks), and
/// no-store on the API and the launch, callback and sign-out paths.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSmartSecurityHeaders(this IApplicationBuilder app)
    {
        // Options are read on the first request, not here: a bad setting is reported by ValidateOnStart, at start.
        string? csp = null;
        return app.Use(async (context, next) =>
        {
            csp ??= Policy(context.RequestServices.GetRequiredService<IOptions<SmartOptions>>().Value);
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = csp;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                var path = context.Request.Path;
                if (path.StartsWithSegments("/api") || path.StartsWithSegments(Launch.SmartAuthenticationDefaults.LaunchPath)
                    || path.StartsWithSegments(Launch.SmartAuthenticationDefaults.PatientLaunchPath)
                    || path.StartsWithSegments(Launch.SmartAuthenticationDefaults.CallbackPath) || path.StartsWithSegments(Launch.SmartAuthenticationDefaults.SignOutPath))
                    headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            await next();
        });
    }

    /// <summary>The policy; <c>connect-src</c> also names the allowed EHRs' origins, so the shell may fetch the EHR's smart_style_url.</summary>
    public static string Policy(SmartOptions options)
    {
        var ehrOrigins = options.Ehrs.Where(e => e.Iss is { IsAbsoluteUri: true }).Select(e => e.Iss!.GetLeftPart(UriPartial.Authority)).Distinct(StringComparer.Ordinal);
        // style-src 'unsafe-inline': LHC-Forms (Angular) injects its component styles at run time; scripts stay 'self' only.
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
               + $"connect-src {string.Join(' ', ["'self'", .. ehrOrigins])}; font-src 'self'; object-src 'none'; base-uri 'none'; "
               + $"frame-ancestors {options.FrameAncestors.Trim()}";
    }
}
