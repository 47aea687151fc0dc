using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AllianceFhir.CdsHooks;

/// <summary>
/// The authentication scheme for CDS Hooks calls: the EHR's bearer JWT checked by <see cref="CdsClientJwtVerifier"/>
/// against the URL actually called. A refusal is a 401 with a JSON body naming the failed check (never patient data).
/// </summary>
public sealed class CdsClientJwtHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CdsClientJwtVerifier verifier,
    IOptions<CdsHooksOptions> options)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "CdsClientJwt";
    public const string TenantClaim = "tenant";
    private const string FailureKey = "cds-jwt-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        var result = await verifier.VerifyAsync(token, Audiences(), Context.RequestAborted);
        if (!result.Succeeded)
        {
            Context.Items[FailureKey] = result.Failure;
            Logger.LogWarning("CDS Hooks call refused: {Reason}", result.Failure);
            return AuthenticateResult.Fail(result.Failure!);
        }
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, result.Issuer!), new("iss", result.Issuer!) };
        if (result.Tenant is not null) claims.Add(new Claim(TenantClaim, result.Tenant));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var why = Context.Items[FailureKey] as string ?? "a bearer JWT from an allow-listed CDS client is required";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        await Response.WriteAsJsonAsync(new CdsError("invalid_token", why), CdsJson.Options);
    }

    /// <summary>
    /// The URLs a token may name as <c>aud</c>: the URL called, and for feedback the service's own URL (clients
    /// configure a service by its endpoint). The base is the configured public URL; only in Development (the options
    /// validator refuses to start elsewhere without it) this request's scheme and Host header, which the caller controls.
    /// </summary>
    private List<string> Audiences()
    {
        var root = options.Value.PublicBaseUrl?.TrimEnd('/') ?? $"{Request.Scheme}://{Request.Host}{Request.PathBase}";
        var called = root + Request.Path.Value?.TrimEnd('/');
        var audiences = new List<string> { called };
        const string feedback = "/feedback";
        if (called.EndsWith(feedback, StringComparison.Ordinal)) audiences.Add(called[..^feedback.Length]);
        return audiences;
    }
}
