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

    [Theory]
    [InlineData(null, null, "code_challenge")]
    [InlineData("plain", "plain", "code_challenge_method")]
    public async Task Authorize_WhenPkceIsMissingOrPlain_ThenRefused(string? challenge, string? method, string named)
    {
        var launch = await fixture.Sandbox.CreateLaunchAsync(Patient, Practitioner);
        var parameters = _driver.AuthorizeParameters(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri, "launch patient/Patient.r", launch, challenge, method);
        parameters["code_challenge_method"] = method;

        using var response = await _driver.AuthorizeAsync(parameters);

        // OpenIddict checks PKCE before it trusts the redirect_uri, so the refusal is a 400 page, not a redirect with a code.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("invalid_request", text);
        Assert.Contains($"'{named}'", text);
    }

    [Fact]
    public async Task Token_WhenCodeVerifierIsWrong_ThenInvalidGrant()
    {
        var launch = await fixture.Sandbox.CreateLaunchAsync(Patient, Practitioner);
        var (_, challenge) = OAuthDriver.Pkce();
        using var authorize = await _driver.AuthorizeAsync(_driver.AuthorizeParameters(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri, "launch patient/Patient.r", launch, challenge));
        var code = OAuthDriver.RedirectParameters(authorize)["code"];

        var (status, body) = await _driver.TokenAsync(OAuthDriver.CodeForm(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri, code, OAuthDriver.Pkce().Verifier));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Authorize_WhenAudIsNotTheFhirBase_ThenErrorRedirect()
    {
        var launch = await fixture.Sandbox.CreateLaunchAsync(Patient, Practitioner);
        var parameters = _driver.AuthorizeParameters(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri, "launch patient/Patient.r", launch, OAuthDriver.Pkce().Challenge);
        parameters["aud"] = "https://evil.example/fhir";

        using var response = await _driver.AuthorizeAsync(parameters);

        var redirect = OAuthDriver.RedirectParameters(response);
        Assert.Equal("invalid_request", redirect["error"]);
        Assert.Contains(fixture.FhirBaseUrl, redirect["error_description"]);
        Assert.Equal(parameters["state"], redirect["state"]);
    }

    [Fact]
    public async Task Authorize_WhenAScopeIsNotSmartSyntax_ThenInvalidScopeRedirectNamingIt()
    {
        var launch = await fixture.Sandbox.CreateLaunchAsync(Patient, Practitioner);
        var parameters = _driver.AuthorizeParameters(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri, "launch patient/Patient.r patient/Nonsense.zz", launch, OAuthDriver.Pkce().Challenge);

        using var response = await _driver.AuthorizeAsync(parameters);

        var redirect = OAuthDriver.RedirectParameters(response);
        Assert.Equal("invalid_scope", redirect["error"]);
        Assert.Contains("patient/Nonsense.zz", redirect["error_description"]);
        Assert.Equal(parameters["state"], redirect["state"]);
    }

    [Fact]
    public async Task Authorize_WhenClientIsUnknown_ThenRefusedWithoutRedirect()
    {
        var launch = await fixture.Sandbox.CreateLaunchAsync(Patient, Practitioner);

        using var response = await _driver.AuthorizeAsync(_driver.AuthorizeParameters("no-such-client", SandboxEhrFixture.RedirectUri, "launch patient/Patient.r", launch, OAuthDriver.Pkce().Challenge));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("client_id", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Authorize_WhenRedirectUriIsNotRegistered_ThenRefusedWithoutRedirect()
    {
        var launch = await fixture.Sandbox.CreateLaunchAsync(Patient, Practitioner);

        using var response = await _driver.AuthorizeAsync(_driver.AuthorizeParameters(SandboxEhrFixture.PublicClient, "http://127.0.0.1:9/elsewhere", "launch patient/Patient.r", launch, OAuthDriver.Pkce().Challenge));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("redirect_uri", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Authorize_WhenLaunchIsUnknown_ThenErrorRedirect()
    {
        using var response = await _driver.AuthorizeAsync(_driver.AuthorizeParameters(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri, "launch patient/Patient.r", "not-a-launch", OAuthDriver.Pkce().Challenge));

        var redirect = OAuthDriver.RedirectParameters(response);
        Assert.Equal("invalid_request", redirect["error"]);
        Assert.Contains("launch", redirect["error_description"]);
    }

    [Fact]
    public async Task EhrLaunch_WhenScopesAreWithheld_ThenGrantedScopeOmitsThem()
    {
        var token = await _driver.EhrLaunchAsync(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri,
            "launch patient/Patient.r patient/Observation.rs patient/Flag.u", Patient, Practitioner, withheld: ["patient/Flag.u"]);

        var granted = token.GetProperty("scope").GetString()!.Split(' ');
        Assert.DoesNotContain("patient/Flag.u", granted);
        Assert.Contains("patient/Observation.rs", granted);
        var access = new JsonWebToken(token.GetProperty("access_token").GetString());
        Assert.DoesNotContain("patient/Flag.u", access.GetClaim("scope").Value.Split(' '));
    }

    [Fact]
    public async Task Refresh_WhenOfflineAccessWasGranted_ThenNewAccessTokenKeepsPatientAndScopes()
    {
        var first = await _driver.EhrLaunchAsync(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri,
            "launch openid fhirUser offline_access patient/Observation.rs", Patient, Practitioner);

        var (status, refreshed) = await _driver.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = SandboxEhrFixture.PublicClient,
            ["refresh_token"] = first.GetProperty("refresh_token").GetString()!,
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(first.GetProperty("access_token").GetString(), refreshed.GetProperty("access_token").GetString());
        Assert.Equal(Patient, refreshed.GetProperty("patient").GetString());
        Assert.Equal(first.GetProperty("scope").GetString(), refreshed.GetProperty("scope").GetString());
        var before = new JsonWebToken(first.GetProperty("access_token").GetString());
        var after = new JsonWebToken(refreshed.GetProperty("access_token").GetString());
        foreach (var claim in new[] { "sub", "patient", "fhirUser", "scope" })
            Assert.Equal(before.GetClaim(claim).Value, after.GetClaim(claim).Value);
        Assert.Contains(fixture.Sandbox.TokenRequests, r => r.GrantType == "refresh_token" && r.ClientId == SandboxEhrFixture.PublicClient && r.Error is null);
    }

    [Fact]
    public async Task EhrLaunch_WhenOnlineAccessIsAsked_ThenARefreshTokenIsIssued()
    {
        var token = await _driver.EhrLaunchAsync(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri,
            "launch online_access patient/Observation.rs", Patient, Practitioner);

        Assert.False(string.IsNullOrEmpty(token.GetProperty("refresh_token").GetString()));
    }

    [Fact]
    public async Task EhrLaunch_WhenNoRefreshScopeIsAsked_ThenNoRefreshToken()
    {
        var token = await _driver.EhrLaunchAsync(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri,
            "launch patient/Observation.rs", Patient, Practitioner);

        Assert.False(token.TryGetProperty("refresh_token", out _));
        Assert.False(token.TryGetProperty("encounter", out _));
    }

    [Fact]
    public async Task Token_WhenSymmetricClientSendsItsSecret_ThenTokensAreIssuedAndAWrongSecretIsRefused()
    {
        async Task<(HttpStatusCode, JsonElement)> RedeemAsync(string secret)
        {
            var launch = await fixture.Sandbox.CreateLaunchAsync(Patient, Practitioner);
            var (verifier, challenge) = OAuthDriver.Pkce();
            using var authorize = await _driver.AuthorizeAsync(_driver.AuthorizeParameters(SandboxEhrFixture.SymmetricClient, SandboxEhrFixture.RedirectUri, "launch patient/Patient.r", launch, challenge));
            var form = OAuthDriver.CodeForm(SandboxEhrFixture.SymmetricClient, SandboxEhrFixture.RedirectUri, OAuthDriver.RedirectParameters(authorize)["code"], verifier);
            var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{SandboxEhrFixture.SymmetricClient}:{secret}"));
            return await _driver.TokenAsync(form, new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", basic));
        }

        var (okStatus, ok) = await RedeemAsync(SandboxEhrFixture.Secret);
        var (badStatus, bad) = await RedeemAsync("guessed");

        Assert.Equal(HttpStatusCode.OK, okStatus);
        Assert.Equal(Patient, ok.GetProperty("patient").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, badStatus);
        Assert.Equal("invalid_client", bad.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_WhenAsymmetricClientSendsAnAssertion_ThenTokensAreIssued()
    {
        var launch = await fixture.Sandbox.CreateLaunchAsync(Patient, Practitioner);
        var (verifier, challenge) = OAuthDriver.Pkce();
        using var authorize = await _driver.AuthorizeAsync(_driver.AuthorizeParameters(SandboxEhrFixture.JwtClient, SandboxEhrFixture.RedirectUri, "launch patient/Patient.r", launch, challenge));
        var form = OAuthDriver.CodeForm(SandboxEhrFixture.JwtClient, SandboxEhrFixture.RedirectUri, OAuthDriver.RedirectParameters(authorize)["code"], verifier);
        form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        form["client_assertion"] = fixture.JwtKeys.Assertion(SandboxEhrFixture.JwtClient, fixture.Sandbox.TokenEndpoint);

        var (status, body) = await _driver.TokenAsync(form);

        Assert.True(HttpStatusCode.OK == status, body.ToString());
        Assert.Equal(Patient, body.GetProperty("patient").GetString());
    }

    public void Dispose() => _driver.Dispose();
}
