namespace AllianceFhir.Service.Web;

/// <summary>
/// Headers on the operator's pages (the sign-in form, the Hangfire dashboard) and the HTML report: a
/// Content-Security-Policy, nosniff, no framing by anyone (clickjacking a "Delete" button is a CSRF too), no Referer,
/// and no caching of pages that show job arguments or report figures.
/// </summary>
public static class OperatorPageHeaders
{
    /// <summary>
    /// Hangfire's dashboard: its own scripts and styles; <c>style-src 'unsafe-inline'</c> because its pages carry
    /// <c>style="…"</c> attributes (Hangfire.Core 1.8 layout); no inline script is needed or allowed.
    /// </summary>
    public const string DashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
        + "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The sign-in form: no script, no style, posts only to itself.</summary>
    public const string SignInPolicy = "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>The dashboard and the sign-in pages.</summary>
    public static IApplicationBuilder UseOperatorPageHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        var policy = path.StartsWithSegments(ServiceWebServiceCollectionExtensions.DashboardPath) ? DashboardPolicy
            : path.StartsWithSegments(OperatorSignIn.Path) ? SignInPolicy
            : null;
        if (policy is not null) context.Response.OnStarting(() =>
        {
            Apply(context.Response, policy);
            return Task.CompletedTask;
        });
        await next();
    });

    /// <summary>Sets the headers on one response (overwriting the antiforgery's weaker X-Frame-Options SAMEORIGIN).</summary>
    public static void Apply(HttpResponse response, string policy)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
    }
}
