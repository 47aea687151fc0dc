using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Ehr.Auth;

/// <summary>Sends the configured token as is; a 401 is returned to the caller (there is nothing to refresh).</summary>
public sealed class StaticTokenHandler(IOptions<EhrOptions> ehrOptions, IOptions<StaticTokenOptions> options) : BearerTokenHandler(ehrOptions)
{
    protected override bool CanRefresh => false;

    protected override ValueTask<AuthenticationHeaderValue> GetAuthorizationAsync(AuthenticationHeaderValue? rejected, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new AuthenticationHeaderValue("Bearer", options.Value.Token));
}
