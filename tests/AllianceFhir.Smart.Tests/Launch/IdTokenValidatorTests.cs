using System.Security.Cryptography;
using System.Text.Json;
using AllianceFhir.Smart.Hosting;
using AllianceFhir.Smart.Launch;
using AllianceFhir.Smart.Tests.Support;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Smart.Tests.Launch;

/// <summary>fhirUser is trusted only from an id_token signed by the EHR's key, for this client, with this launch's nonce.</summary>
public class IdTokenValidatorTests
{
    private const string Issuer = "https://ehr.example.org/";
    private const string Jwks = "https://ehr.example.org/.well-known/jwks";
    private const string ClientId = "alliancefhir-smart";
    private const string Nonce = "n-0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

    private readonly RsaSecurityKey _ehrKey = new(RSA.Create(2048)) { KeyId = "ehr-1" };

    [Fact]
    public async Task Validate_WhenSignedByTheEhrForUsWithOurNonce_ThenFhirUserIsRead()
    {
        var token = await Validator().ValidateAsync(IdToken(), Issuer, Jwks, ClientId, Nonce, CancellationToken.None);
        Assert.True(token.TryGetPayloadValue<string>("fhirUser", out var user));
        Assert.Equal("Practitioner/pr-1", user);
    }

    [Theory]
    [InlineData("nonce")]
    [InlineData("audience")]
    [InlineData("issuer")]
    [InlineData("key")]
    [InlineData("expired")]
    public async Task Validate_WhenAnyCheckFails_ThenRefused(string what)
    {
        var token = what switch
        {
            "nonce" => IdToken(nonce: "someone-elses-nonce"),
            "audience" => IdToken(audience: "another-client"),
            "issuer" => IdToken(issuer: "https://evil.example.org/"),
            "key" => IdToken(key: new RsaSecurityKey(RSA.Create(2048)) { KeyId = "ehr-1" }),
            _ => IdToken(expires: DateTime.UtcNow.AddMinutes(-10)),
        };
        await Assert.ThrowsAsync<SmartLaunchException>(() => Validator().ValidateAsync(token, Issuer, Jwks, ClientId, Nonce, CancellationToken.None));
    }

    private IdTokenValidator Validator()
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_ehrKey.Rsa.ExportParameters(false)) { KeyId = _ehrKey.KeyId });
        var json = JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", n = jwk.N, e = jwk.E } } });
        var discovery = new SmartDiscovery(new StubHttpClientFactory(json), new MemoryCache(new MemoryCacheOptions()), Options.Create(new SmartOptions()));
        return new IdTokenValidator(discovery, TimeProvider.System);
    }

    private string IdToken(string nonce = Nonce, string audience = ClientId, string issuer = Issuer, SecurityKey? key = null, DateTime? expires = null)
    {
        var exp = expires ?? DateTime.UtcNow.AddMinutes(5);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = exp.AddMinutes(-10),
            NotBefore = exp.AddMinutes(-10),
            Expires = exp,
            Claims = new Dictionary<string, object> { ["sub"] = "pr-1", ["nonce"] = nonce, ["fhirUser"] = "Practitioner/pr-1" },
            SigningCredentials = new SigningCredentials(key ?? _ehrKey, SecurityAlgorithms.RsaSha256),
        });
    }
}
