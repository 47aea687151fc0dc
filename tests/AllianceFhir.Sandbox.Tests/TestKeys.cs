using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Sandbox.Tests;

/// <summary>A client's RSA key pair made for the test run: its public JWKS to register, and signed client assertions.</summary>
internal sealed class TestKeys
{
    private readonly RsaSecurityKey _key;

    public TestKeys(string keyId)
    {
        _key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = keyId };
    }

    public string KeyId => _key.KeyId;

    public string PublicJwks()
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId });
        return JsonSerializer.Serialize(new
        {
            keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS384", n = jwk.N, e = jwk.E } },
        });
    }

    /// <summary>A SMART Backend Services client assertion (iss = sub = client id, aud, exp, jti), RS384 unless told.</summary>
    public string Assertion(string clientId, string audience, TimeSpan? lifetime = null, string? jti = null, DateTime? now = null, string algorithm = SecurityAlgorithms.RsaSha384)
    {
        var issued = now ?? DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = audience,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = clientId,
                ["jti"] = jti ?? Guid.NewGuid().ToString("n"),
            },
            IssuedAt = issued,
            NotBefore = issued,
            Expires = issued + (lifetime ?? TimeSpan.FromMinutes(4)),
            SigningCredentials = new SigningCredentials(_key, algorithm),
        });
    }
}
