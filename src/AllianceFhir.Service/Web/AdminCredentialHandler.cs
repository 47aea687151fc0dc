using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Web;

/// <summary>
/// HTTP Basic for the configured operator credential. ASP.NET Core ships no Basic handler; this is the smallest
/// one that compares in constant time. Use it over TLS only; prefer Entra where the organisation has it.
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
        if (!admin.IsConfigured) return Task.FromResult(AuthenticateResult.NoResult());
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
        if (colon < 0 || !Same(decoded[..colon], admin.User!) || !Same(decoded[(colon + 1)..], admin.Password!))
            return Task.FromResult(AuthenticateResult.Fail("Invalid credentials"));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, admin.User!), new Claim(ClaimTypes.Role, "operator")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Basic realm=\"AllianceFhir\", charset=\"UTF-8\"";
        return base.HandleChallengeAsync(properties);
    }

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
