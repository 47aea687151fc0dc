using System.Net.Http.Json;
using AllianceFhir.Smart.Hosting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Smart.Launch;

/// <summary>
/// Reads an allowed EHR's <c>.well-known/smart-configuration</c> and its JWKS, cached per URL for
/// <see cref="SmartOptions.DiscoveryCacheDuration"/> (failures are not cached). Only ever called for an iss on the
/// allow-list.
/// </summary>
internal sealed class SmartDiscovery(IHttpClientFactory http, IMemoryCache cache, IOptions<SmartOptions> options)
{
    public const string HttpClientName = "smart-discovery";

    public async Task<SmartConfiguration> GetConfigurationAsync(string iss, CancellationToken cancellationToken)
    {
        var url = EhrRegistry.Normalise(iss) + "/.well-known/smart-configuration";
        if (cache.TryGetValue(url, out SmartConfiguration? cached) && cached is not null) return cached;

        using var response = await http.CreateClient(HttpClientName).GetAsync(url, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new SmartLaunchException($"The EHR's SMART configuration ({url}) answered HTTP {(int)response.StatusCode}.");
        var config = await response.Content.ReadFromJsonAsync<SmartConfiguration>(cancellationToken)
            ?? throw new SmartLaunchException($"The EHR's SMART configuration ({url}) is empty.");
        if (!IsAbsolute(config.AuthorizationEndpoint) || !IsAbsolute(config.TokenEndpoint))
            throw new SmartLaunchException($"The EHR's SMART configuration ({url}) lacks an absolute authorization_endpoint or token_endpoint.");
        if (config.CodeChallengeMethodsSupported is { } methods && !methods.Contains("S256"))
            throw new SmartLaunchException($"The EHR's SMART configuration ({url}) does not support PKCE S256, which SMART App Launch 2 requires.");
        cache.Set(url, config, options.Value.DiscoveryCacheDuration);
        return config;
    }

    /// <summary>The EHR's signing keys; <paramref name="refresh"/> skips the cache (for a key rotated since).</summary>
    public async Task<IReadOnlyList<SecurityKey>> GetSigningKeysAsync(string jwksUri, bool refresh, CancellationToken cancellationToken)
    {
        if (!refresh && cache.TryGetValue(jwksUri, out IReadOnlyList<SecurityKey>? cached) && cached is not null) return cached;
        using var response = await http.CreateClient(HttpClientName).GetAsync(jwksUri, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new SmartLaunchException($"The EHR's JWKS ({jwksUri}) answered HTTP {(int)response.StatusCode}.");
        var keys = new JsonWebKeySet(await response.Content.ReadAsStringAsync(cancellationToken)).GetSigningKeys().ToList();
        cache.Set(jwksUri, (IReadOnlyList<SecurityKey>)keys, options.Value.DiscoveryCacheDuration);
        return keys;
    }

    private static bool IsAbsolute(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp);
}
