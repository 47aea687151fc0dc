using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Ehr.Auth;

/// <summary>
/// Puts an Authorization header on requests to the EHR, and only to the EHR: a request to any origin other than
/// the FHIR base's (and <see cref="EhrOptions.AdditionalTrustedOrigins"/>) goes out without it. On a 401 it asks
/// for a fresh token once and retries once, when the token source can refresh.
/// </summary>
public abstract class BearerTokenHandler(IOptions<EhrOptions> options) : DelegatingHandler
{
    /// <summary>Whether a 401 is worth a fresh token (false for a fixed token).</summary>
    protected abstract bool CanRefresh { get; }

    /// <summary>The header to send; <paramref name="rejected"/> is the one the EHR just refused, if any.</summary>
    protected abstract ValueTask<AuthenticationHeaderValue> GetAuthorizationAsync(AuthenticationHeaderValue? rejected, CancellationToken cancellationToken);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is not null || request.RequestUri is null || !options.Value.IsTrustedOrigin(request.RequestUri))
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        var authorization = await GetAuthorizationAsync(null, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = authorization;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !CanRefresh) return response;

        response.Dispose();
        request.Headers.Authorization = await GetAuthorizationAsync(authorization, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
