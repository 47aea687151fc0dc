using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AllianceFhir.CdsHooks;
using AllianceFhir.Service.Tests.Nightly;
using AllianceFhir.Service.Tests.Support;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Service.Tests.CdsHooks;

/// <summary>
/// Forged CDS Hooks client JWTs that <see cref="CdsHooksServiceTests"/> does not already send (it covers a missing
/// token, a bad signature, wrong aud, expired, unknown iss, a foreign jku, no jti, no iat, long-lived and a replayed
/// jti): alg none, an HMAC signed with the EHR's public key, RS256, an unknown kid, and a key carried in the token's own
/// header. One service host (Production, real Kestrel) and one EHR for the class.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class CdsJwtAttackTests(CdsJwtAttackTests.Host fixture) : IClassFixture<CdsJwtAttackTests.Host>
{
    private const string Secret = "pat-secret-77";

    public sealed class Host : IAsyncLifetime
    {
        private readonly TempFolder _state = new();

        internal CdsEhr Ehr { get; private set; } = null!;
        internal CdsHost Service { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Ehr = await CdsEhr.StartAsync();
            Service = await CdsHost.StartAsync(_state.Combine("state.db"), Ehr, extra: new Dictionary<string, string?> { ["environment"] = "Production" });
        }

        public async Task DisposeAsync()
        {
            await Service.DisposeAsync();
            await Ehr.DisposeAsync();
            _state.Dispose();
        }
    }

    private static string Call => $"cds-services/{PatientViewService.ServiceId}";

    /// <summary>A patient-view call for a patient whose id must never come back to a caller the service did not trust.</summary>
    private static string Body() => new JsonObject
    {
        ["hookInstance"] = Guid.NewGuid().ToString(),
        ["hook"] = "patient-view",
        ["context"] = new JsonObject { ["userId"] = "Practitioner/example", ["patientId"] = Secret },
        ["prefetch"] = new JsonObject { [PatientViewService.ResponsesKey] = null },
    }.ToJsonString();

    [Theory]
    [InlineData("alg-none")]
    [InlineData("hmac-with-the-ehrs-public-key")]
    [InlineData("rs256")]
    [InlineData("unknown-kid")]
    [InlineData("own-key-in-the-jwk-header")]
    public async Task Attack_CdsJwtForged_ThenRefused401AndNoPatientData(string forgery)
    {
        var ehr = fixture.Ehr;
        var audience = fixture.Service.ServiceUrl;
        using var attackerKey = RSA.Create(3072);
        var token = forgery switch
        {
            "alg-none" => Unsigned(ehr.Token(audience)),
            "hmac-with-the-ehrs-public-key" => ehr.Token(audience, d => d.SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(PublicPem(ehr))) { KeyId = ehr.RsaKey.KeyId }, SecurityAlgorithms.HmacSha384)),
            "rs256" => ehr.Token(audience, d => d.SigningCredentials = new SigningCredentials(ehr.RsaKey, SecurityAlgorithms.RsaSha256)),
            "unknown-kid" => ehr.Token(audience, d => d.SigningCredentials = new SigningCredentials(new RsaSecurityKey(attackerKey) { KeyId = "rotated-" + Guid.NewGuid() }, SecurityAlgorithms.RsaSha384)),
            "own-key-in-the-jwk-header" => ehr.Token(audience, d =>
            {
                var key = new RsaSecurityKey(attackerKey) { KeyId = ehr.RsaKey.KeyId };
                var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(attackerKey.ExportParameters(false)) { KeyId = ehr.RsaKey.KeyId });
                d.AdditionalHeaderClaims["jwk"] = new Dictionary<string, object> { ["kty"] = "RSA", ["kid"] = jwk.Kid, ["n"] = jwk.N, ["e"] = jwk.E };
                d.SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha384);
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };

        var response = await fixture.Service.PostAsync(Call, Body(), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("invalid_token", JsonDocument.Parse(text).RootElement.GetProperty("error").GetString());
        Assert.DoesNotContain(Secret, text);
        // Control: the same call with a genuine token is answered, so the refusal was the forgery's.
        Assert.Equal(HttpStatusCode.OK, (await fixture.Service.PostAsync(Call, Body(), ehr.Token(audience))).StatusCode);
    }

    [Fact]
    public async Task Attack_CdsJwtWithUnknownKids_ThenRefusedWithoutHammeringTheEhrsJwks()
    {
        var ehr = fixture.Ehr;
        var audience = fixture.Service.ServiceUrl;
        Assert.Equal(HttpStatusCode.OK, (await fixture.Service.PostAsync(Call, Body(), ehr.Token(audience))).StatusCode); // the keys are cached
        var before = ehr.JwksHits;
        using var attackerKey = RSA.Create(3072);

        for (var i = 0; i < 10; i++)
        {
            var forged = ehr.Token(audience, d => d.SigningCredentials = new SigningCredentials(new RsaSecurityKey(attackerKey) { KeyId = $"unknown-{i}" }, SecurityAlgorithms.RsaSha384));
            Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Service.PostAsync(Call, Body(), forged)).StatusCode);
        }

        // An unknown kid may mean the EHR rotated its keys: one refresh is allowed, then refreshes are rate-limited (30 s).
        Assert.InRange(ehr.JwksHits - before, 0, 1);
    }

    /// <summary>The token's header rewritten to alg "none" and its signature removed.</summary>
    private static string Unsigned(string jwt)
    {
        var parts = jwt.Split('.');
        var header = JsonNode.Parse(Base64UrlEncoder.Decode(parts[0]))!.AsObject();
        header["alg"] = "none";
        return $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{parts[1]}.";
    }

    private static string PublicPem(CdsEhr ehr)
    {
        using var rsa = RSA.Create();
        rsa.ImportParameters(ehr.RsaKey.Rsa.ExportParameters(false));
        return rsa.ExportSubjectPublicKeyInfoPem();
    }
}
