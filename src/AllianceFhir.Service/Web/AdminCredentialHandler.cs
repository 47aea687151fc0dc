using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Web;

/// <summary>
/// HTTP Basic with the configured operator credential, for API clients only and only when
/// <see cref="AdminCredentialOptions.AllowBasicForApi"/> is set (the operator scheme forwards nothing else here).
/// ASP.NET Core ships no Basic handler; this is the smallest one that compares in constant time. Use it over TLS only.
/// </summary>
public sealed class AdminCredentialHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<AdminCredentialOptions> credential)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "AdminCredential";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var admin = credential.Value;
        if (!admin.IsConfigured || !admin.AllowBasicForApi) return Task.FromResult(AuthenticateResult.NoResult());
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return Task.FromResult(AuthenticateResult.NoResult());
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed Basic credentials"));
        }
        var colon = decoded.IndexOf(':');
        if (colon < 0 || !admin.Matches(decoded[..colon], decoded[(colon + 1)..]))
            return Task.FromResult(AuthenticateResult.Fail("Invalid credentials"));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, admin.User!), new Claim(ClaimTypes.Name, admin.User!), new Claim(ClaimTypes.Role, "operator")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Basic realm=\"AllianceFhir API\", charset=\"UTF-8\"";
        return base.HandleChallengeAsync(properties);
    }
}
