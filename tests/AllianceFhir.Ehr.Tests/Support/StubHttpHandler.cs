using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace AllianceFhir.Ehr.Tests.Support;

/// <summary>The EHR and authorization server, played by a function of the request (DESIGN.md allows it for unit tests).</summary>
public sealed class StubHttpHandler(Func<HttpRequestMessage, string?, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    public StubHttpHandler(Func<HttpRequestMessage, string?, Task<HttpResponseMessage>> respond)
        : this((request, body, _) => respond(request, body))
    {
    }

    public StubHttpHandler(Func<HttpRequestMessage, string?, HttpResponseMessage> respond)
        : this((request, body, _) => Task.FromResult(respond(request, body)))
    {
    }

    public ConcurrentQueue<SentRequest> Requests { get; } = new();

    public IReadOnlyList<SentRequest> To(string pathSuffix) =>
        Requests.Where(r => r.Uri.AbsolutePath.EndsWith(pathSuffix, StringComparison.Ordinal)).ToList();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new SentRequest(request.Method, request.RequestUri!, headers, body));
        var response = await respond(request, body, cancellationToken);
        response.RequestMessage ??= request;
        return response;
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, string mediaType = "application/fhir+json") =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };

    public static HttpResponseMessage Status(HttpStatusCode status, TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage(status);
        if (retryAfter is { } wait) response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
        return response;
    }
}
