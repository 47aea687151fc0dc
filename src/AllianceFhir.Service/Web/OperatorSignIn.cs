using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Web;

/// <summary>
/// The operator's sign-in form: <c>Admin:User</c> / <c>Admin:Password</c> compared in constant time, then a cookie
/// (HttpOnly, SameSite=Strict) instead of Basic credentials a browser would cache and replay cross-site. The form and
/// the sign-out both need an antiforgery token (login CSRF, forced sign-out). Attempts are rate-limited per address.
/// </summary>
public static class OperatorSignIn
{
    public const string Path = "/operator";
    public const string SignInPath = Path + "/sign-in";
    public const string SignOutPath = Path + "/sign-out";
    public const string RateLimitPolicy = "operator-sign-in";
    public const string UserField = "user";
    public const string PasswordField = "password";

    public static IEndpointRouteBuilder MapOperatorSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(SignInPath, (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            Page(http, antiforgery, returnUrl, null, StatusCodes.Status200OK)).AllowAnonymous();
        app.MapPost(SignInPath, SignInAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(RateLimitPolicy);
        app.MapPost(SignOutPath, SignOutAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    // Antiforgery is checked here, explicitly, rather than by form binding: the failure answers a page, not an exception.
    private static async Task<IResult> SignInAsync(HttpContext http, IAntiforgery antiforgery, IOptions<AdminCredentialOptions> admin, ILoggerFactory logs)
    {
        var log = logs.CreateLogger(typeof(OperatorSignIn));
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
            return Page(http, antiforgery, null, "The form had expired. Sign in again.", StatusCodes.Status400BadRequest);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        if (!admin.Value.Matches(form[UserField], form[PasswordField]))
        {
            log.LogWarning("Operator sign-in refused from {Address}", http.Connection.RemoteIpAddress);
            return Page(http, antiforgery, returnUrl, admin.Value.IsConfigured
                ? "Wrong user name or password."
                : "No operator credential is configured (Admin:User and Admin:Password).", StatusCodes.Status401Unauthorized);
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, admin.Value.User!), new Claim(ClaimTypes.Name, admin.Value.User!), new Claim(ClaimTypes.Role, "operator")],
            ServiceWebServiceCollectionExtensions.CookieScheme);
        await http.SignInAsync(ServiceWebServiceCollectionExtensions.CookieScheme, new ClaimsPrincipal(identity));
        log.LogInformation("Operator signed in from {Address}", http.Connection.RemoteIpAddress);
        return Results.Redirect(IsLocal(returnUrl) ? returnUrl : ServiceWebServiceCollectionExtensions.DashboardPath);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Results.StatusCode(StatusCodes.Status400BadRequest);
        await http.SignOutAsync(ServiceWebServiceCollectionExtensions.CookieScheme);
        return Results.Redirect(SignInPath);
    }

    /// <summary>Only a path on this host: "/x", never "//host" or "/\host" (an open redirect).</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\')) && !url.Contains('\r') && !url.Contains('\n');

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>AllianceFhir operator sign-in</title></head><body>")
            .Append("<h1>AllianceFhir operator sign-in</h1>");
        if (error is not null) html.Append("<p role=\"alert\">").Append(WebUtility.HtmlEncode(error)).Append("</p>");
        if (http.User.Identity is { IsAuthenticated: true, Name: var name })
            html.Append("<p>Signed in as ").Append(WebUtility.HtmlEncode(name)).Append(". <a href=\"").Append(ServiceWebServiceCollectionExtensions.DashboardPath).Append("\">Dashboard</a></p>")
                .Append("<form method=\"post\" action=\"").Append(SignOutPath).Append("\">")
                .Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(tokens.FormFieldName)).Append("\" value=\"").Append(WebUtility.HtmlEncode(tokens.RequestToken)).Append("\">")
                .Append("<p><button type=\"submit\">Sign out</button></p></form>");
        html.Append("<form method=\"post\" action=\"").Append(SignInPath).Append("\">")
            .Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(tokens.FormFieldName)).Append("\" value=\"").Append(WebUtility.HtmlEncode(tokens.RequestToken)).Append("\">")
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(WebUtility.HtmlEncode(IsLocal(returnUrl) ? returnUrl : "")).Append("\">")
            .Append("<p><label>User <input name=\"").Append(UserField).Append("\" autocomplete=\"username\" required></label></p>")
            .Append("<p><label>Password <input type=\"password\" name=\"").Append(PasswordField).Append("\" autocomplete=\"current-password\" required></label></p>")
            .Append("<p><button type=\"submit\">Sign in</button></p></form></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
