using System.Net;
using System.Text.Json;
using AllianceFhir.Ehr.Auth;
using AllianceFhir.Ehr.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Ehr.Tests.Auth;

public sealed class SmartBackendServicesTests
{
    private const string Search = TestEhr.BaseUrl + "/QuestionnaireResponse";

    // Token lifetimes are checked by a real JWT library against the wall clock, so the fake starts at now.
    private readonly FakeClock _clock = new(DateTimeOffset.UtcNow);

    [Theory]
    [InlineData("RS384")]
    [InlineData("ES384")]
    public async Task ClientAssertion_WhenVerifiedAgainstThePublishedJwks_ThenCarriesTheSmartClaims(string algorithm)
    {
        var ehr = new SmartEhr();
        using var services = TestEhr.Build(ehr.Stub, SmartEhr.Settings(algorithm), _clock);

        await services.FhirHttp().GetAsync(Search);

        var tokenRequest = Assert.Single(ehr.TokenRequests);
        Assert.Equal(HttpMethod.Post, tokenRequest.Method);
        Assert.Equal("client_credentials", tokenRequest.Form("grant_type"));
        Assert.Equal("system/*.rs", tokenRequest.Form("scope"));
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", tokenRequest.Form("client_assertion_type"));

        var jwks = services.GetRequiredService<JwksDocument>().ToJson();
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(tokenRequest.Form("client_assertion"), new TokenValidationParameters
        {
            ValidIssuer = "alliance-service",
            ValidAudience = SmartEhr.TokenUrl,
            IssuerSigningKeys = new JsonWebKeySet(jwks).GetSigningKeys(),
            ValidAlgorithms = [algorithm],
            ValidateLifetime = true,
            RequireExpirationTime = true,
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal(algorithm, jwt.Alg);
        Assert.Equal("JWT", jwt.Typ);
        Assert.Equal(JsonDocument.Parse(jwks).RootElement.GetProperty("keys")[0].GetProperty("kid").GetString(), jwt.Kid);
        Assert.Equal("alliance-service", jwt.Issuer);
        Assert.Equal("alliance-service", jwt.Subject);
        Assert.Equal([SmartEhr.TokenUrl], jwt.Audiences);
        Assert.False(string.IsNullOrEmpty(jwt.Id));
        Assert.InRange(jwt.ValidTo - _clock.GetUtcNow().UtcDateTime, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task ClientAssertion_WhenTwoAreSigned_ThenEachHasItsOwnJti()
    {
        var ehr = new SmartEhr();
        using var services = TestEhr.Build(ehr.Stub, SmartEhr.Settings(), _clock);

        await services.FhirHttp().GetAsync(Search);
        _clock.Advance(TimeSpan.FromMinutes(10));
        await services.FhirHttp().GetAsync(Search);

        var jtis = ehr.TokenRequests.Select(r => new JsonWebToken(r.Form("client_assertion")).Id).ToList();
        Assert.Equal(2, jtis.Count);
        Assert.NotEqual(jtis[0], jtis[1]);
    }

    [Fact]
    public async Task SendAsync_WhenTwoRequests_ThenOneTokenServesBoth()
    {
        var ehr = new SmartEhr();
        using var services = TestEhr.Build(ehr.Stub, SmartEhr.Settings(), _clock);

        await services.FhirHttp().GetAsync(Search);
        await services.FhirHttp().GetAsync(Search + "?status=completed");

        Assert.Single(ehr.TokenRequests);
        Assert.All(ehr.ApiRequests, r => Assert.Equal("Bearer token-1", r.Header("Authorization")));
        Assert.Single(ehr.Stub.To("/.well-known/smart-configuration"));
    }

    [Fact]
    public async Task SendAsync_WhenTheTokenNearsExpiry_ThenFetchesANewOne()
    {
        var ehr = new SmartEhr();
        using var services = TestEhr.Build(ehr.Stub, SmartEhr.Settings(), _clock);

        await services.FhirHttp().GetAsync(Search);
        _clock.Advance(TimeSpan.FromMinutes(3)); // 300 s token, refreshed 60 s early: still good
        await services.FhirHttp().GetAsync(Search);
        _clock.Advance(TimeSpan.FromSeconds(90)); // 4.5 minutes in: due for refresh
        await services.FhirHttp().GetAsync(Search);

        Assert.Equal(2, ehr.TokenRequests.Count);
        Assert.Equal(["Bearer token-1", "Bearer token-1", "Bearer token-2"], ehr.ApiRequests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task SendAsync_WhenTheEhrAnswers401_ThenRefreshesOnceAndRetries()
    {
        var ehr = new SmartEhr { Api = auth => auth == "Bearer token-1" ? new HttpResponseMessage(HttpStatusCode.Unauthorized) : StubHttpHandler.Json(Bundles.SearchSet([])) };
        using var services = TestEhr.Build(ehr.Stub, SmartEhr.Settings(), _clock);

        using var response = await services.FhirHttp().GetAsync(Search);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, ehr.TokenRequests.Count);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], ehr.ApiRequests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task SendAsync_WhenTheEhrKeepsAnswering401_ThenReturnsItAfterOneRetry()
    {
        var ehr = new SmartEhr { Api = _ => new HttpResponseMessage(HttpStatusCode.Unauthorized) };
        using var services = TestEhr.Build(ehr.Stub, SmartEhr.Settings(), _clock);

        using var response = await services.FhirHttp().GetAsync(Search);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, ehr.ApiRequests.Count);
        Assert.Equal(2, ehr.TokenRequests.Count);
    }

    [Fact]
    public async Task GetTokenAsync_WhenManyRequestsStartTogether_ThenOneTokenRequestServesAll()
    {
        var ehr = new SmartEhr { TokenDelay = TimeSpan.FromMilliseconds(100) };
        using var services = TestEhr.Build(ehr.Stub, SmartEhr.Settings(), _clock);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => services.FhirHttp().GetAsync(Search)));

        Assert.Single(ehr.TokenRequests);
        Assert.Equal(10, ehr.ApiRequests.Count(r => r.Header("Authorization") == "Bearer token-1"));
    }

    [Fact]
    public async Task GetTokenUrlAsync_WhenTokenUrlConfigured_ThenSkipsDiscovery()
    {
        var ehr = new SmartEhr();
        var settings = SmartEhr.Settings();
        settings["Ehr:SmartBackendServices:TokenUrl"] = SmartEhr.TokenUrl;
        settings["Ehr:SmartBackendServices:Scope"] = "system/QuestionnaireResponse.rs system/Observation.c";
        using var services = TestEhr.Build(ehr.Stub, settings, _clock);

        await services.FhirHttp().GetAsync(Search);

        Assert.Empty(ehr.Stub.To("/.well-known/smart-configuration"));
        Assert.Equal("system/QuestionnaireResponse.rs system/Observation.c", Assert.Single(ehr.TokenRequests).Form("scope"));
    }

    [Fact]
    public async Task GetTokenAsync_WhenTheTokenEndpointRefuses_ThenThrowsWithTheOAuthError()
    {
        var ehr = new SmartEhr
        {
            TokenAnswer = () => StubHttpHandler.Json("""{"error":"invalid_client","error_description":"no key matches kid"}""", HttpStatusCode.BadRequest, "application/json"),
        };
        using var services = TestEhr.Build(ehr.Stub, SmartEhr.Settings(), _clock);

        var e = await Assert.ThrowsAsync<EhrAuthenticationException>(() => services.FhirHttp().GetAsync(Search));

        Assert.Contains(SmartEhr.TokenUrl, e.Message);
        Assert.Contains("invalid_client: no key matches kid", e.Message);
        Assert.Single(ehr.TokenRequests); // a 400 from the token endpoint is not retried
        Assert.Empty(ehr.ApiRequests);
    }

    [Fact]
    public async Task SendAsync_WhenARequestLeavesTheEhrOrigin_ThenNoTokenGoesWithIt()
    {
        var ehr = new SmartEhr();
        using var services = TestEhr.Build(ehr.Stub, SmartEhr.Settings(), _clock);

        await services.FhirHttp().GetAsync("https://elsewhere.test/collect");

        var request = Assert.Single(ehr.Stub.Requests);
        Assert.Equal("elsewhere.test", request.Uri.Host);
        Assert.Null(request.Header("Authorization"));
        Assert.Empty(ehr.TokenRequests);
    }
}
