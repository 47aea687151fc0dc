using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Ehr.Auth;

/// <summary>Authorises EHR requests with SMART Backend Services tokens; a 401 gets one fresh token and one retry.</summary>
public sealed class SmartBackendServicesHandler(IOptions<EhrOptions> ehrOptions, SmartBackendServicesTokenProvider tokens) : BearerTokenHandler(ehrOptions)
{
    protected override bool CanRefresh => true;

    protected override async ValueTask<AuthenticationHeaderValue> GetAuthorizationAsync(AuthenticationHeaderValue? rejected, CancellationToken cancellationToken)
    {
        var token = await tokens.GetTokenAsync(rejected?.Parameter, cancellationToken).ConfigureAwait(false);
        return new AuthenticationHeaderValue("Bearer", token.Value);
    }
}
