using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Sandbox.Tests.Authorization;

/// <summary>SMART Backend Services: client_credentials with a private_key_jwt client assertion.</summary>
[Collection(SandboxCollection.Name)]
public sealed class BackendServicesTests(SandboxEhrFixture fixture) : IDisposable
{
    private readonly OAuthDriver _driver = new(fixture.Sandbox);

    private Task<(HttpStatusCode Status, JsonElement Body)> RequestAsync(string assertion, string scope = "system/Observation.rs system/Patient.rs") =>
        _driver.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = scope,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
        });

    [Fact]
    public async Task ClientCredentials_WhenAssertionIsValid_ThenSystemTokenIsIssuedAndReadsAnyPatient()
    {
        var (status, body) = await RequestAsync(fixture.BackendKeys.Assertion(SandboxEhrFixture.BackendClient, fixture.Sandbox.TokenEndpoint));

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal("system/Observation.rs system/Patient.rs", body.GetProperty("scope").GetString());
        Assert.False(body.TryGetProperty("refresh_token", out _));
        var access = body.GetProperty("access_token").GetString()!;
        Assert.Equal(SandboxEhrFixture.BackendClient, new JsonWebToken(access).Subject);
        Assert.Contains(fixture.Sandbox.TokenRequests, r => r.GrantType == "client_credentials" && r.ClientId == SandboxEhrFixture.BackendClient && r.Error is null);

        using var search = await _driver.FhirAsync(HttpMethod.Get, "Patient?_count=100", access);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        using var bundle = JsonDocument.Parse(await search.Content.ReadAsStringAsync());
        Assert.Equal(60, bundle.RootElement.GetProperty("entry").GetArrayLength());
    }

    [Fact]
    public async Task ClientCredentials_WhenAssertionIsSignedWithEs384_ThenTokenIsIssued()
    {
        var (status, body) = await RequestAsync(fixture.EllipticKeys.Assertion(SandboxEhrFixture.EllipticBackendClient, fixture.Sandbox.TokenEndpoint));

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal(SandboxEhrFixture.EllipticBackendClient, new JsonWebToken(body.GetProperty("access_token").GetString()).Subject);
    }

    [Fact]
    public async Task ClientCredentials_WhenAssertionIsSignedWithAnotherKey_ThenInvalidClient()
    {
        var (status, body) = await RequestAsync(fixture.OtherKeys.Assertion(SandboxEhrFixture.BackendClient, fixture.Sandbox.TokenEndpoint));

        AssertRefused(status, body);
    }

    [Fact]
    public async Task ClientCredentials_WhenAudIsNotTheTokenUrl_ThenInvalidClient()
    {
        var (status, body) = await RequestAsync(fixture.BackendKeys.Assertion(SandboxEhrFixture.BackendClient, fixture.FhirBaseUrl));

        AssertRefused(status, body);
        Assert.Contains(fixture.Sandbox.TokenEndpoint, body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task ClientCredentials_WhenAssertionHasExpired_ThenInvalidClient()
    {
        var (status, body) = await RequestAsync(fixture.BackendKeys.Assertion(SandboxEhrFixture.BackendClient, fixture.Sandbox.TokenEndpoint,
            lifetime: TimeSpan.FromMinutes(2), now: DateTime.UtcNow.AddMinutes(-10)));

        AssertRefused(status, body);
    }

    [Fact]
    public async Task ClientCredentials_WhenAssertionLivesLongerThanFiveMinutes_ThenInvalidClient()
    {
        var (status, body) = await RequestAsync(fixture.BackendKeys.Assertion(SandboxEhrFixture.BackendClient, fixture.Sandbox.TokenEndpoint, lifetime: TimeSpan.FromMinutes(30)));

        AssertRefused(status, body);
        Assert.Contains("five minutes", body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task ClientCredentials_WhenJtiIsReused_ThenTheSecondIsRefused()
    {
        var jti = Guid.NewGuid().ToString("n");
        var (first, _) = await RequestAsync(fixture.BackendKeys.Assertion(SandboxEhrFixture.BackendClient, fixture.Sandbox.TokenEndpoint, jti: jti));
        var (second, body) = await RequestAsync(fixture.BackendKeys.Assertion(SandboxEhrFixture.BackendClient, fixture.Sandbox.TokenEndpoint, jti: jti));

        Assert.Equal(HttpStatusCode.OK, first);
        AssertRefused(second, body);
        Assert.Contains("jti", body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task ClientCredentials_WhenSignedWithRs256_ThenRefusedAsSmartRequiresRs384OrEs384()
    {
        var (status, body) = await RequestAsync(fixture.BackendKeys.Assertion(SandboxEhrFixture.BackendClient, fixture.Sandbox.TokenEndpoint, algorithm: SecurityAlgorithms.RsaSha256));

        AssertRefused(status, body);
        Assert.Contains("RS384", body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task ClientCredentials_WhenOnlyPatientScopesAreAsked_ThenInvalidScope()
    {
        var (status, body) = await RequestAsync(fixture.BackendKeys.Assertion(SandboxEhrFixture.BackendClient, fixture.Sandbox.TokenEndpoint), scope: "patient/Observation.rs");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_scope", body.GetProperty("error").GetString());
    }

    /// <summary>A refused client authentication: 401 invalid_client, no token.</summary>
    private static void AssertRefused(HttpStatusCode status, JsonElement body)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    public void Dispose() => _driver.Dispose();
}
