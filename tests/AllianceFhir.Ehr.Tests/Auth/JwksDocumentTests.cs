using System.Security.Cryptography;
using System.Text.Json;
using AllianceFhir.Ehr.Auth;
using AllianceFhir.Ehr.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Ehr.Tests.Auth;

public sealed class JwksDocumentTests
{
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi"];

    private static JsonElement OnlyKey(ServiceProvider services)
    {
        var json = services.GetRequiredService<JwksDocument>().ToJson();
        var keys = JsonDocument.Parse(json).RootElement.GetProperty("keys");
        Assert.Equal(1, keys.GetArrayLength());
        return keys[0].Clone();
    }

    [Fact]
    public void ToJson_WhenRsaPemFileConfigured_ThenPublishesThatKeysPublicHalfOnly()
    {
        using var rsa = RSA.Create(2048);
        var path = Path.Combine(Path.GetTempPath(), $"alliancefhir-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, rsa.ExportPkcs8PrivateKeyPem());
        try
        {
            var settings = SmartEhr.Settings();
            settings["Ehr:SmartBackendServices:GenerateDevelopmentKey"] = "false";
            settings["Ehr:SmartBackendServices:PrivateKeyPath"] = path;
            settings["Ehr:SmartBackendServices:KeyId"] = "alliance-2026-03";
            using var services = TestEhr.Build(new SmartEhr().Stub, settings);

            var key = OnlyKey(services);

            Assert.Equal("RSA", key.GetProperty("kty").GetString());
            Assert.Equal("alliance-2026-03", key.GetProperty("kid").GetString());
            Assert.Equal("RS384", key.GetProperty("alg").GetString());
            Assert.Equal("sig", key.GetProperty("use").GetString());
            Assert.Equal(Base64UrlEncoder.Encode(rsa.ExportParameters(false).Modulus), key.GetProperty("n").GetString());
            Assert.Equal("AQAB", key.GetProperty("e").GetString());
            Assert.All(PrivateMembers, m => Assert.False(key.TryGetProperty(m, out _), $"private member {m} published"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ToJson_WhenEs384PemInline_ThenPublishesCurveAndCoordinatesOnly()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var settings = SmartEhr.Settings("ES384");
        settings["Ehr:SmartBackendServices:GenerateDevelopmentKey"] = "false";
        settings["Ehr:SmartBackendServices:PrivateKeyPem"] = ec.ExportECPrivateKeyPem();
        using var services = TestEhr.Build(new SmartEhr().Stub, settings);

        var key = OnlyKey(services);

        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-384", key.GetProperty("crv").GetString());
        Assert.Equal("ES384", key.GetProperty("alg").GetString());
        Assert.Equal(Base64UrlEncoder.Encode(ec.ExportParameters(false).Q.X), key.GetProperty("x").GetString());
        Assert.Equal(Base64UrlEncoder.Encode(ec.ExportParameters(false).Q.Y), key.GetProperty("y").GetString());
        Assert.False(key.TryGetProperty("d", out _));
    }

    [Theory]
    [InlineData("RS384")]
    [InlineData("ES384")]
    public void ToJson_WhenNoKeyIdConfigured_ThenKidIsTheRfc7638Thumbprint(string algorithm)
    {
        using var services = TestEhr.Build(new SmartEhr().Stub, SmartEhr.Settings(algorithm));

        var key = OnlyKey(services);

        var thumbprint = Base64UrlEncoder.Encode(new JsonWebKey(key.GetRawText()).ComputeJwkThumbprint());
        Assert.Equal(thumbprint, key.GetProperty("kid").GetString());
    }

    [Fact]
    public void Resolve_WhenEs384KeyIsNotOnP384_ThenFailsWithAClearMessage()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var settings = SmartEhr.Settings("ES384");
        settings["Ehr:SmartBackendServices:PrivateKeyPem"] = ec.ExportECPrivateKeyPem();
        using var services = TestEhr.Build(new SmartEhr().Stub, settings);

        var e = Assert.Throws<EhrAuthenticationException>(() => services.GetRequiredService<JwksDocument>());

        Assert.Contains("P-384", e.Message);
    }

    [Fact]
    public void Resolve_WhenPemHoldsNoKey_ThenFailsSayingWhatWasExpected()
    {
        var settings = SmartEhr.Settings();
        settings["Ehr:SmartBackendServices:PrivateKeyPem"] = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----";
        using var services = TestEhr.Build(new SmartEhr().Stub, settings);

        var e = Assert.Throws<EhrAuthenticationException>(() => services.GetRequiredService<JwksDocument>());

        Assert.Contains("not an unencrypted PEM RSA private key", e.Message);
    }
}
