using AllianceFhir.Smart.Launch;
using Microsoft.AspNetCore.Authentication;

namespace AllianceFhir.Smart.Session;

/// <summary>
/// Revokes a session's tokens at the EHR when its SMART configuration advertised a <c>revocation_endpoint</c>
/// (RFC 7009): the refresh token first (§2.1: the server may then drop the access tokens of the same grant too), then
/// the access token. Best effort: the session is already gone on our side, and a refusal is logged without the token.
/// </summary>
internal sealed class SessionRevocation(EhrRegistry registry, SmartTokenClient tokenClient, ILogger<SessionRevocation> logger)
{
    /// <returns>How many tokens the EHR confirmed revoked (RFC 7009 §2.2: 200).</returns>
    public async Task<int> RevokeAsync(AuthenticationProperties properties, CancellationToken cancellationToken)
    {
        if (!registry.TryFind(properties.GetString(SmartAuthenticationDefaults.IssKey), out var ehr)
            || !Uri.TryCreate(properties.GetString(SmartAuthenticationDefaults.RevocationEndpointKey), UriKind.Absolute, out var revocationEndpoint)
            || !Uri.TryCreate(properties.GetString(SmartAuthenticationDefaults.TokenEndpointKey), UriKind.Absolute, out var tokenEndpoint))
            return 0;
        var revoked = 0;
        foreach (var name in new[] { "refresh_token", "access_token" })
        {
            if (properties.GetTokenValue(name) is not { Length: > 0 } token) continue;
            var response = await tokenClient.RevokeAsync(ehr, revocationEndpoint, tokenEndpoint, token, name, cancellationToken);
            if (response.IsError)
                logger.LogWarning("The EHR did not revoke the session's {TokenType} at sign-out ({Error}, HTTP {Status})", name, response.Error, (int)response.HttpStatusCode);
            else revoked++;
        }
        return revoked;
    }
}
