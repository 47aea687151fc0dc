using System.Net;

namespace AllianceFhir.Smart.Tests.Support;

/// <summary>An IHttpClientFactory whose clients answer every request with one fixed JSON body (unit tests only).</summary>
internal sealed class StubHttpClientFactory(string json) : IHttpClientFactory
{
    public int Requests { get; private set; }

    public HttpClient CreateClient(string name) => new(new Handler(this));

    private sealed class Handler(StubHttpClientFactory owner) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            owner.Requests++;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(owner.Json, System.Text.Encoding.UTF8, "application/json") });
        }
    }

    private string Json => json;
}
