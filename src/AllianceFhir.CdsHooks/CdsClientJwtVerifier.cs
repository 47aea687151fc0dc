using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.CdsHooks;

/// <summary>
/// CDS Hooks 2.0 "Trusting CDS Clients": the EHR signs a short-lived JWT per call. Accepted only when the issuer is
/// allow-listed, the signature verifies with a key from that issuer's JWKS (a <c>jku</c> header only when it is the
/// allow-listed URL), <c>aud</c> is the called service's URL, <c>exp</c> and <c>iat</c> are present and current, and
/// <c>jti</c> was never seen before (by any instance). Validation is Microsoft.IdentityModel's; the failure messages
/// name the check, never the token's content.
/// </summary>
public sealed class CdsClientJwtVerifier
{
    /// <summary>CDS Hooks 2.0: clients sign with ES384 or RS384.</summary>
    public static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha384, SecurityAlgorithms.EcdsaSha384];

    private readonly JsonWebTokenHandler _handler = new();
    private readonly Dictionary<string, Client> _clients;
    private readonly CdsHooksOptions _options;
    private readonly JtiStore _jti;
    private readonly TimeProvider _time;

    public CdsClientJwtVerifier(IOptions<CdsHooksOptions> options, IHttpClientFactory http, JtiStore jti, TimeProvider time)
    {
        _options = options.Value;
        _jti = jti;
        _time = time;
        _clients = _options.Clients.ToDictionary(c => c.Issuer, c => new Client(c, c.Jwks is not null
            ? null
            : new ConfigurationManager<JsonWebKeySet>(c.JwksUrl!, new JwksRetriever(),
                new HttpDocumentRetriever(http.CreateClient(HttpClientName)) { RequireHttps = !new Uri(c.JwksUrl!).IsLoopback })
            {
                AutomaticRefreshInterval = TimeSpan.FromHours(1),
                RefreshInterval = TimeSpan.FromSeconds(30),
            }), StringComparer.Ordinal);
    }

    public const string HttpClientName = "cds-jwks";

    public async Task<CdsClientVerification> VerifyAsync(string? token, IReadOnlyCollection<string> audiences, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token)) return CdsClientVerification.Fail("a bearer JWT from an allow-listed CDS client is required");
        if (!_handler.CanReadToken(token)) return CdsClientVerification.Fail("the bearer token is not a JWT");
        JsonWebToken unverified;
        try
        {
            unverified = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return CdsClientVerification.Fail("the bearer token is not a JWT");
        }
        if (string.IsNullOrEmpty(unverified.Issuer) || !_clients.TryGetValue(unverified.Issuer, out var client))
            return CdsClientVerification.Fail("iss is not an allow-listed CDS client");
        if (unverified.TryGetHeaderValue<string>("jku", out var jku) && !string.Equals(jku, client.Options.JwksUrl, StringComparison.Ordinal))
            return CdsClientVerification.Fail("jku is not the JWKS URL allow-listed for this issuer");

        var result = await ValidateAsync(token, client, audiences, refresh: false, ct);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException && client.Keys is not null)
            result = await ValidateAsync(token, client, audiences, refresh: true, ct); // the EHR may have rotated its keys
        if (!result.IsValid) return CdsClientVerification.Fail(Describe(result.Exception));

        var jwt = (JsonWebToken)result.SecurityToken;
        var now = _time.GetUtcNow();
        if (jwt.IssuedAt == DateTime.MinValue) return CdsClientVerification.Fail("iat is required");
        if (jwt.IssuedAt > now.UtcDateTime + _options.ClockSkew) return CdsClientVerification.Fail("iat is in the future");
        if (jwt.ValidTo > now.UtcDateTime + _options.MaxTokenLifetime + _options.ClockSkew)
            return CdsClientVerification.Fail($"exp is more than {_options.MaxTokenLifetime.TotalMinutes:0.#} minutes away: tokens must be short-lived");
        if (string.IsNullOrEmpty(jwt.Id)) return CdsClientVerification.Fail("jti is required");
        jwt.TryGetPayloadValue<string>("tenant", out var tenant);
        if (client.Options.Tenant is { } expected && !string.Equals(expected, tenant, StringComparison.Ordinal))
            return CdsClientVerification.Fail("tenant is not the one allow-listed for this issuer");
        if (!await _jti.TryUseAsync(client.Options.Issuer, jwt.Id, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) + _options.ClockSkew, now, ct))
            return CdsClientVerification.Fail("jti was already used: each call needs a new token");
        return new CdsClientVerification(client.Options.Issuer, tenant, null);
    }

    private async Task<TokenValidationResult> ValidateAsync(string token, Client client, IReadOnlyCollection<string> audiences, bool refresh, CancellationToken ct)
    {
        IEnumerable<SecurityKey> keys;
        if (client.Keys is null) keys = client.Inline!.Keys;
        else
        {
            if (refresh) client.Keys.RequestRefresh();
            try
            {
                keys = (await client.Keys.GetConfigurationAsync(ct)).GetSigningKeys();
            }
            catch (InvalidOperationException)
            {
                return new TokenValidationResult { IsValid = false, Exception = new SecurityTokenSignatureKeyNotFoundException("JWKS unavailable") };
            }
        }
        return await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = client.Options.Issuer,
            ValidAudiences = audiences,
            IssuerSigningKeys = keys,
            TryAllIssuerSigningKeys = true,
            ValidAlgorithms = Algorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = _options.ClockSkew,
        });
    }

    private static string Describe(Exception? e) => e switch
    {
        SecurityTokenExpiredException => "the token has expired (exp)",
        SecurityTokenNotYetValidException => "the token is not valid yet (nbf)",
        SecurityTokenNoExpirationException => "exp is required",
        SecurityTokenInvalidAudienceException => "aud is not the URL of the called CDS service",
        SecurityTokenInvalidIssuerException => "iss is not an allow-listed CDS client",
        SecurityTokenInvalidAlgorithmException => "alg must be RS384 or ES384",
        SecurityTokenSignatureKeyNotFoundException => "no key in the issuer's JWKS verifies the signature",
        SecurityTokenInvalidSignatureException => "the signature does not verify with the issuer's keys",
        _ => "the token could not be validated",
    };

    private sealed record Client(CdsClientOptions Options, ConfigurationManager<JsonWebKeySet>? Keys)
    {
        public JsonWebKeySet? Inline { get; } = Options.Jwks is null ? null : new JsonWebKeySet(Options.Jwks);
    }
}
