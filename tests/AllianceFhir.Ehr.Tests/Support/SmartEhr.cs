using System.Net;

namespace AllianceFhir.Ehr.Tests.Support;

/// <summary>
/// An EHR with a SMART authorization server: discovery at .well-known/smart-configuration, a token endpoint
/// issuing token-1, token-2, … (expires_in 300), and a FHIR API answered by <see cref="Api"/>.
/// </summary>
public sealed class SmartEhr
{
    public const string TokenUrl = "https://auth.test/oauth2/token";
    private int _issued;

    public SmartEhr() => Stub = new StubHttpHandler(RespondAsync);

    public StubHttpHandler Stub { get; }

    /// <summary>Answers FHIR API calls given the Authorization header; 200 with an empty Bundle by default.</summary>
    public Func<string?, HttpResponseMessage> Api { get; set; } = _ => StubHttpHandler.Json(Bundles.SearchSet([]));

    /// <summary>Replaces the token endpoint's answer.</summary>
    public Func<HttpResponseMessage>? TokenAnswer { get; set; }

    public TimeSpan TokenDelay { get; set; }

    public IReadOnlyList<SentRequest> TokenRequests => Stub.To("/oauth2/token");

    public IReadOnlyList<SentRequest> ApiRequests => Stub.Requests.Where(r => r.Uri.Host == "ehr.test" && !r.Uri.AbsolutePath.Contains(".well-known", StringComparison.Ordinal)).ToList();

    public static Dictionary<string, string?> Settings(string algorithm = "RS384") => new()
    {
        ["Ehr:Authentication"] = "SmartBackendServices",
        ["Ehr:SmartBackendServices:ClientId"] = "alliance-service",
        ["Ehr:SmartBackendServices:Algorithm"] = algorithm,
        ["Ehr:SmartBackendServices:GenerateDevelopmentKey"] = "true",
    };

    private async Task<HttpResponseMessage> RespondAsync(HttpRequestMessage request, string? body)
    {
        var uri = request.RequestUri!;
        if (uri.AbsolutePath.EndsWith("/.well-known/smart-configuration", StringComparison.Ordinal))
            return StubHttpHandler.Json($$"""{"token_endpoint":"{{TokenUrl}}","grant_types_supported":["client_credentials"],"token_endpoint_auth_methods_supported":["private_key_jwt"]}""", mediaType: "application/json");
        if (uri.AbsoluteUri == TokenUrl)
        {
            if (TokenDelay > TimeSpan.Zero) await Task.Delay(TokenDelay);
            if (TokenAnswer is not null) return TokenAnswer();
            var n = Interlocked.Increment(ref _issued);
            return StubHttpHandler.Json($$"""{"access_token":"token-{{n}}","token_type":"bearer","expires_in":300,"scope":"system/*.rs"}""", mediaType: "application/json");
        }
        if (uri.Host == "ehr.test") return Api(request.Headers.Authorization?.ToString());
        return new HttpResponseMessage(HttpStatusCode.OK);
    }
}
