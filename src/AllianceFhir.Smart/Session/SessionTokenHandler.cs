using System.Net;
using System.Net.Http.Headers;

namespace AllianceFhir.Smart.Session;

/// <summary>
/// Puts the session's (fresh) access token on each request to the EHR. A 401 from the EHR means it no longer accepts
/// the token (revoked, or the user's EHR session ended): the session ends (<see cref="SmartSessionEndedException"/>:
/// 401 problem+json "launch again", the ticket removed) instead of a 502 with no way forward.
/// </summary>
internal sealed class SessionTokenHandler(Func<CancellationToken, Task<string>> accessToken) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await accessToken(cancellationToken));
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        response.Dispose();
        throw new SmartSessionEndedException("The EHR answered 401: it no longer accepts this session's access token.");
    }
}
