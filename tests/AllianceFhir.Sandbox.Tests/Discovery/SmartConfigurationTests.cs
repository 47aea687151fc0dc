using System.Net;
using System.Text.Json;

namespace AllianceFhir.Sandbox.Tests.Discovery;

[Collection(SandboxCollection.Name)]
public sealed class SmartConfigurationTests(SandboxEhrFixture fixture)
{
    [Fact]
    public async Task SmartConfiguration_WhenFetchedAnonymously_ThenDescribesTheServerPerSmart22()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync($"{fixture.FhirBaseUrl}/.well-known/smart-configuration");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.Equal(fixture.Sandbox.AuthorizationEndpoint, root.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(fixture.Sandbox.TokenEndpoint, root.GetProperty("token_endpoint").GetString());
        Assert.Equal(fixture.Sandbox.BaseUrl + "/connect/revoke", root.GetProperty("revocation_endpoint").GetString());
        Assert.Equal(["S256"], Strings(root, "code_challenge_methods_supported"));
        Assert.Equal(["code"], Strings(root, "response_types_supported"));
        Assert.Superset(new HashSet<string> { "authorization_code", "refresh_token", "client_credentials" }, Strings(root, "grant_types_supported").ToHashSet());
        Assert.Superset(new HashSet<string> { "client_secret_basic", "private_key_jwt" }, Strings(root, "token_endpoint_auth_methods_supported").ToHashSet());
        Assert.Superset(new HashSet<string> { "RS384", "ES384" }, Strings(root, "token_endpoint_auth_signing_alg_values_supported").ToHashSet());
        Assert.Superset(new HashSet<string> { "openid", "fhirUser", "launch", "launch/patient", "offline_access" }, Strings(root, "scopes_supported").ToHashSet());
        Assert.Superset(
            new HashSet<string>
            {
                "launch-ehr", "launch-standalone", "client-public", "client-confidential-symmetric", "client-confidential-asymmetric",
                "context-ehr-patient", "context-ehr-encounter", "context-standalone-patient", "sso-openid-connect",
                "permission-offline", "permission-patient", "permission-v2", "authorize-post",
            },
            Strings(root, "capabilities").ToHashSet());

        // The issuer and JWKS it names are the ones that sign the access tokens.
        var issuer = root.GetProperty("issuer").GetString()!;
        using var oidc = JsonDocument.Parse(await http.GetStringAsync(issuer.TrimEnd('/') + "/.well-known/openid-configuration"));
        Assert.Equal(issuer, oidc.RootElement.GetProperty("issuer").GetString());
        using var jwks = JsonDocument.Parse(await http.GetStringAsync(root.GetProperty("jwks_uri").GetString()));
        Assert.NotEqual(0, jwks.RootElement.GetProperty("keys").GetArrayLength());
    }

    [Fact]
    public async Task SmartStyle_WhenFetchedFromAnotherOrigin_ThenIsReadableCrossOrigin()
    {
        // The app fetches smart_style_url from the browser: without CORS the app silently keeps its own style.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{fixture.Sandbox.BaseUrl}/smart-style.json");
        request.Headers.Add("Origin", "http://127.0.0.1:5090");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("#1d3b5a", doc.RootElement.GetProperty("color_highlight").GetString());
    }

    private static string[] Strings(JsonElement root, string name) =>
        root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();
}
