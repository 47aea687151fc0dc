using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Sandbox.Tests;

/// <summary>A client's RSA key pair made for the test run: its public JWKS to register, and signed client assertions.</summary>
internal sealed class TestKeys
{
    private readonly AsymmetricSecurityKey _key;
    private readonly string _publicJwks;
    private readonly string _defaultAlgorithm;

    /// <summary>An RSA key (RS384), or with <paramref name="elliptic"/> a P-384 key (ES384).</summary>
    public TestKeys(string keyId, bool elliptic = false)
    {
        if (elliptic)
        {
            var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
            var p = ec.ExportParameters(false);
            _key = new ECDsaSecurityKey(ec) { KeyId = keyId };
            _defaultAlgorithm = SecurityAlgorithms.EcdsaSha384;
            _publicJwks = JsonSerializer.Serialize(new
            {
                keys = new[] { new { kty = "EC", kid = keyId, use = "sig", alg = "ES384", crv = "P-384", x = Base64UrlEncoder.Encode(p.Q.X), y = Base64UrlEncoder.Encode(p.Q.Y) } },
            });
        }
        else
        {
            var rsa = RSA.Create(2048);
            var p = rsa.ExportParameters(false);
            _key = new RsaSecurityKey(rsa) { KeyId = keyId };
            _defaultAlgorithm = SecurityAlgorithms.RsaSha384;
            _publicJwks = JsonSerializer.Serialize(new
            {
                keys = new[] { new { kty = "RSA", kid = keyId, use = "sig", alg = "RS384", n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } },
            });
        }
    }

    public string PublicJwks() => _publicJwks;

    /// <summary>A SMART Backend Services client assertion (iss = sub = client id, aud, exp, jti), RS384/ES384 unless told.</summary>
    public string Assertion(string clientId, string audience, TimeSpan? lifetime = null, string? jti = null, DateTime? now = null, string? algorithm = null)
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
            SigningCredentials = new SigningCredentials(_key, algorithm ?? _defaultAlgorithm),
        });
    }
}
