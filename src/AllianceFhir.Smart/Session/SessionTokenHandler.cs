using System.Net.Http.Headers;

namespace AllianceFhir.Smart.Session;

/// <summary>Puts the session's (fresh) access token on each request to the EHR.</summary>
internal sealed class SessionTokenHandler(Func<CancellationToken, Task<string>> accessToken) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await accessToken(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
