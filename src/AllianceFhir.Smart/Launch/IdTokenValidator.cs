using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Smart.Launch;

/// <summary>
/// Validates the id_token before its fhirUser is trusted (OpenID Connect Core §3.1.3.7): signature by a key from the
/// EHR's jwks_uri, iss = the EHR's issuer, aud = our client_id, not expired, and nonce = the one this launch sent.
/// </summary>
internal sealed class IdTokenValidator(SmartDiscovery discovery, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <returns>The validated token's claims.</returns>
    /// <exception cref="SmartLaunchException">Any check fails.</exception>
    public async Task<JsonWebToken> ValidateAsync(string idToken, string issuer, string jwksUri, string clientId, string nonce, CancellationToken cancellationToken)
    {
        var result = await ValidateWithKeysAsync(idToken, issuer, clientId, await discovery.GetSigningKeysAsync(jwksUri, refresh: false, cancellationToken));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
            result = await ValidateWithKeysAsync(idToken, issuer, clientId, await discovery.GetSigningKeysAsync(jwksUri, refresh: true, cancellationToken));
        if (!result.IsValid)
            throw new SmartLaunchException($"The EHR's id_token is not valid ({result.Exception?.GetType().Name ?? "unknown reason"}).", result.Exception);
        var token = (JsonWebToken)result.SecurityToken;
        if (!token.TryGetPayloadValue<string>("nonce", out var sent) || !string.Equals(sent, nonce, StringComparison.Ordinal))
            throw new SmartLaunchException("The EHR's id_token does not carry this launch's nonce.");
        return token;
    }

    private Task<TokenValidationResult> ValidateWithKeysAsync(string idToken, string issuer, string clientId, IReadOnlyList<SecurityKey> keys) =>
        _handler.ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = clientId,
            IssuerSigningKeys = keys,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromMinutes(2),
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore.Value <= now + p.ClockSkew) && expires is not null && expires.Value >= now - p.ClockSkew;
            },
        });
}
