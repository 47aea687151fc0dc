using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.CdsHooks;

/// <summary>
/// Reads a bare JWKS document for Wilson's <see cref="ConfigurationManager{T}"/>, which then does the caching,
/// periodic refresh and rate-limited refresh on an unknown key (the library ships retrievers for OpenID
/// configurations only, not for a JWKS URL on its own).
/// </summary>
public sealed class JwksRetriever : IConfigurationRetriever<JsonWebKeySet>
{
    public async Task<JsonWebKeySet> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel) =>
        new(await retriever.GetDocumentAsync(address, cancel));
}
