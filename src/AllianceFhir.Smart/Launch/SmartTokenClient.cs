using AllianceFhir.Smart.Hosting;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;

namespace AllianceFhir.Smart.Launch;

/// <summary>
/// Token requests to an allowed EHR's token endpoint (Duende.IdentityModel): the authorization_code exchange with the
/// PKCE verifier, and the refresh_token grant. The client authenticates as the EHR's registration says:
/// client_secret_basic, a private_key_jwt assertion, or only its client_id (public client).
/// </summary>
internal sealed class SmartTokenClient(IHttpClientFactory http, EhrRegistry registry)
{
    public const string HttpClientName = "smart-token";

    public Task<TokenResponse> ExchangeCodeAsync(SmartEhrOptions ehr, Uri tokenEndpoint, string code, string redirectUri, string? codeVerifier, CancellationToken cancellationToken)
    {
        var request = new AuthorizationCodeTokenRequest { Code = code, RedirectUri = redirectUri, CodeVerifier = codeVerifier };
        Authenticate(request, ehr, tokenEndpoint);
        return http.CreateClient(HttpClientName).RequestAuthorizationCodeTokenAsync(request, cancellationToken);
    }

    public Task<TokenResponse> RefreshAsync(SmartEhrOptions ehr, Uri tokenEndpoint, string refreshToken, CancellationToken cancellationToken)
    {
        var request = new RefreshTokenRequest { RefreshToken = refreshToken };
        Authenticate(request, ehr, tokenEndpoint);
        return http.CreateClient(HttpClientName).RequestRefreshTokenAsync(request, cancellationToken);
    }

    /// <summary>
    /// RFC 7009 revocation at the EHR's <c>revocation_endpoint</c>, authenticated as at the token endpoint (a
    /// private_key_jwt assertion keeps the token URL as its <c>aud</c>, which RFC 7523 §3 allows for the whole server).
    /// </summary>
    public Task<TokenRevocationResponse> RevokeAsync(SmartEhrOptions ehr, Uri revocationEndpoint, Uri tokenEndpoint, string token, string tokenTypeHint, CancellationToken cancellationToken)
    {
        var request = new TokenRevocationRequest { Token = token, TokenTypeHint = tokenTypeHint };
        Authenticate(request, ehr, tokenEndpoint);
        request.Address = revocationEndpoint.AbsoluteUri;
        return http.CreateClient(HttpClientName).RevokeTokenAsync(request, cancellationToken);
    }

    private void Authenticate(ProtocolRequest request, SmartEhrOptions ehr, Uri tokenEndpoint)
    {
        request.Address = tokenEndpoint.AbsoluteUri;
        request.ClientId = ehr.ClientId!;
        switch (ehr.ClientType)
        {
            case SmartClientType.Symmetric:
                request.ClientSecret = ehr.ClientSecret;
                request.ClientCredentialStyle = ClientCredentialStyle.AuthorizationHeader;
                break;
            case SmartClientType.PrivateKeyJwt:
                request.ClientCredentialStyle = ClientCredentialStyle.PostBody;
                request.ClientAssertion = new ClientAssertion
                {
                    Type = OidcConstants.ClientAssertionTypes.JwtBearer,
                    Value = registry.CreateClientAssertion(ehr, tokenEndpoint),
                };
                break;
            default:
                request.ClientCredentialStyle = ClientCredentialStyle.PostBody;
                break;
        }
    }
}
