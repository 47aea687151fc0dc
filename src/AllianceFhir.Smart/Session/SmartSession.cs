namespace AllianceFhir.Smart.Session;

/// <summary>
/// One request's view of the SMART session: the launch context and an HttpClient to the EHR's FHIR base that carries
/// the access token (refreshed as needed). The client uses the pooled, resilient <c>smart-fhir</c> handler.
/// </summary>
internal sealed class SmartSession(SmartLaunchContext context, HttpContext httpContext, SmartSessionTokens tokens, IHttpMessageHandlerFactory handlers) : ISmartSession
{
    public const string HttpClientName = "smart-fhir";

    private HttpClient? _client;

    public SmartLaunchContext Context { get; } = context;

    public HttpClient EhrHttpClient => _client ??= CreateClient();

    private HttpClient CreateClient()
    {
        var handler = new SessionTokenHandler(ct => tokens.GetAccessTokenAsync(httpContext, ct)) { InnerHandler = handlers.CreateHandler(HttpClientName) };
        var baseUrl = Context.FhirBaseUrl.AbsoluteUri;
        // disposeHandler: false — the inner handler belongs to IHttpClientFactory's pool.
        var client = new HttpClient(handler, disposeHandler: false)
        {
            BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"),
            Timeout = Timeout.InfiniteTimeSpan, // the resilience pipeline's total timeout applies
        };
        httpContext.Response.RegisterForDispose(client);
        return client;
    }
}
