using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Abstractions;

namespace AllianceFhir.Ehr.Auth;

/// <summary>
/// Authorises EHR requests with Entra ID app tokens from Microsoft.Identity.Web (client credentials, cached
/// and refreshed by MSAL). Microsoft.Identity.Web speaks only to Entra ID: this is for Azure Health Data Services;
/// any other EHR uses <see cref="SmartBackendServicesHandler"/>.
/// </summary>
public sealed class EntraTokenHandler(
    IOptions<EhrOptions> ehrOptions,
    IOptions<EntraOptions> options,
    IAuthorizationHeaderProvider headers) : BearerTokenHandler(ehrOptions)
{
    private readonly IOptions<EhrOptions> _ehrOptions = ehrOptions;

    protected override bool CanRefresh => true;

    protected override async ValueTask<AuthenticationHeaderValue> GetAuthorizationAsync(AuthenticationHeaderValue? rejected, CancellationToken cancellationToken)
    {
        var scope = options.Value.Scope ?? _ehrOptions.Value.RequireBaseUrl().AbsoluteUri.TrimEnd('/') + "/.default";
        var request = new AuthorizationHeaderProviderOptions
        {
            AcquireTokenOptions = new AcquireTokenOptions { ForceRefresh = rejected is not null },
        };
        var header = await headers.CreateAuthorizationHeaderForAppAsync(scope, request, cancellationToken).ConfigureAwait(false);
        return AuthenticationHeaderValue.Parse(header);
    }
}
