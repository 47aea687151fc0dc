using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Ehr.Auth;

/// <summary>
/// Signs the SMART Backend Services client assertion: header alg (RS384/ES384), kid and typ JWT; claims
/// iss = sub = client_id, aud = the token URL, iat, exp ≤ five minutes ahead, and a fresh jti every time.
/// </summary>
internal sealed class ClientAssertionFactory(SigningKey key, IOptions<SmartBackendServicesOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string Create(Uri tokenUrl)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = o.ClientId,
            Audience = tokenUrl.OriginalString,
            IssuedAt = now.UtcDateTime,
            Expires = (now + o.AssertionLifetime).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = o.ClientId!,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = key.Credentials,
        };
        return _handler.CreateToken(descriptor);
    }
}
