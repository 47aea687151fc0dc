using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Sandbox.Tests;

/// <summary>
/// Plays the SMART app's side of the protocol with plain HTTP (no browser): the authorize redirect (not followed), the
/// token request, and FHIR calls with a bearer token.
/// </summary>
internal sealed class OAuthDriver(SandboxHost sandbox) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });

    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public Dictionary<string, string?> AuthorizeParameters(string clientId, string redirectUri, string scope, string? launch, string? challenge, string? challengeMethod = "S256") => new()
    {
        ["response_type"] = "code",
        ["client_id"] = clientId,
        ["redirect_uri"] = redirectUri,
        ["scope"] = scope,
        ["state"] = Guid.NewGuid().ToString("n"),
        ["aud"] = sandbox.FhirBaseUrl,
        ["launch"] = launch,
        ["code_challenge"] = challenge,
        ["code_challenge_method"] = challenge is null ? null : challengeMethod,
    };

    public async Task<HttpResponseMessage> AuthorizeAsync(IDictionary<string, string?> parameters)
    {
        var url = QueryHelpers.AddQueryString(sandbox.AuthorizationEndpoint, parameters.Where(p => p.Value is not null));
        return await _http.GetAsync(url);
    }

    /// <summary>The query parameters of the authorize response's redirect (code and state, or error and error_description).</summary>
    public static Dictionary<string, string> RedirectParameters(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location ?? throw new InvalidOperationException("The authorize response has no Location.");
        return QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> TokenAsync(IDictionary<string, string> form, AuthenticationHeaderValue? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, sandbox.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = authorization;
        using var response = await _http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, body);
    }

    /// <summary>The whole EHR launch as a public client: launch context, authorize, code for tokens. Fails the test if refused.</summary>
    public async Task<JsonElement> EhrLaunchAsync(string clientId, string redirectUri, string scope, string patient, string practitioner,
        string? encounter = null, IEnumerable<string>? withheld = null)
    {
        var launch = await sandbox.CreateLaunchAsync(patient, practitioner, encounter, withheld);
        var (verifier, challenge) = Pkce();
        using var authorize = await AuthorizeAsync(AuthorizeParameters(clientId, redirectUri, scope, launch, challenge));
        var redirect = RedirectParameters(authorize);
        Assert.True(redirect.ContainsKey("code"), $"authorize refused: {string.Join(", ", redirect.Select(p => $"{p.Key}={p.Value}"))}");
        var (status, body) = await TokenAsync(CodeForm(clientId, redirectUri, redirect["code"], verifier));
        Assert.True(status == HttpStatusCode.OK, $"token refused: {body}");
        return body;
    }

    public static Dictionary<string, string> CodeForm(string clientId, string redirectUri, string code, string verifier) => new()
    {
        ["grant_type"] = "authorization_code",
        ["client_id"] = clientId,
        ["redirect_uri"] = redirectUri,
        ["code"] = code,
        ["code_verifier"] = verifier,
    };

    public async Task<HttpResponseMessage> FhirAsync(HttpMethod method, string relative, string? accessToken, string? body = null,
        string mediaType = "application/fhir+json")
    {
        using var request = new HttpRequestMessage(method, $"{sandbox.FhirBaseUrl}/{relative}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        if (accessToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, mediaType);
        return await _http.SendAsync(request);
    }

    public void Dispose() => _http.Dispose();
}
