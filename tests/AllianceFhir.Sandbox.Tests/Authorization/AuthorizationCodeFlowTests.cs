using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AllianceFhir.Sandbox.Tests.Authorization;

[Collection(SandboxCollection.Name)]
public sealed class AuthorizationCodeFlowTests(SandboxEhrFixture fixture) : IDisposable
{
    private const string Patient = "pat-0001";
    private const string Practitioner = "prac-north-2";
    private readonly OAuthDriver _driver = new(fixture.Sandbox);

    [Fact]
    public async Task EhrLaunch_WhenPkceAndLaunchAreValid_ThenTokensCarryPatientContextAndExtras()
    {
        var token = await _driver.EhrLaunchAsync(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri,
            "launch openid fhirUser offline_access patient/Patient.r patient/Observation.rs", Patient, Practitioner, encounter: "enc-1");

        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        Assert.True(token.GetProperty("expires_in").GetInt32() > 0);
        Assert.Equal(Patient, token.GetProperty("patient").GetString());
        Assert.Equal("enc-1", token.GetProperty("encounter").GetString());
        Assert.Equal("Encounter/enc-1", token.GetProperty("fhirContext")[0].GetProperty("reference").GetString());
        Assert.False(token.GetProperty("need_patient_banner").GetBoolean());
        Assert.StartsWith(fixture.BaseUrl, token.GetProperty("smart_style_url").GetString());
        Assert.False(string.IsNullOrEmpty(token.GetProperty("refresh_token").GetString()));
        Assert.Equal(
            ["fhirUser", "launch", "offline_access", "openid", "patient/Observation.rs", "patient/Patient.r"],
            token.GetProperty("scope").GetString()!.Split(' ').Order(StringComparer.Ordinal));

        var access = new JsonWebToken(token.GetProperty("access_token").GetString());
        Assert.Equal(Patient, access.GetClaim("patient").Value);
        Assert.Contains(fixture.FhirBaseUrl, access.Audiences);
        var id = new JsonWebToken(token.GetProperty("id_token").GetString());
        Assert.Equal($"{fixture.FhirBaseUrl}/Practitioner/{Practitioner}", id.GetClaim("fhirUser").Value);
    }

    public void Dispose() => _driver.Dispose();
}
