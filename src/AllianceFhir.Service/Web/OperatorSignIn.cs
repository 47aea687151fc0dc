using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Web;

/// <summary>
/// The operator's sign-in form: <c>Admin:User</c> / <c>Admin:Password</c> compared in constant time, then a cookie
/// (HttpOnly, SameSite=Strict) instead of Basic credentials a browser would cache and replay cross-site. The form and
/// the sign-out both need an antiforgery token (login CSRF, forced sign-out). Attempts are rate-limited per address.
/// The page is the Razor component <see cref="OperatorSignInPage"/> (docs/adr/0010).
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

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error, int status) =>
        new RazorComponentResult<OperatorSignInPage>(new Dictionary<string, object?>
        {
            [nameof(OperatorSignInPage.Antiforgery)] = antiforgery.GetAndStoreTokens(http),
            [nameof(OperatorSignInPage.ReturnUrl)] = IsLocal(returnUrl) ? returnUrl : null,
            [nameof(OperatorSignInPage.Error)] = error,
            [nameof(OperatorSignInPage.SignedInAs)] = http.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null,
        })
        {
            StatusCode = status,
            ContentType = "text/html; charset=utf-8",
        };
}
