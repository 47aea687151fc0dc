using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AllianceFhir.Sandbox.Authorization;

/// <summary>
/// SMART Backend Services' extra rules for private_key_jwt client assertions, on top of what OpenIddict checks
/// (signature against the client's JWKS, iss = sub = client_id, exp): <c>aud</c> is exactly the token URL (OpenIddict
/// also accepts the issuer), the header names RS384 or ES384 and a <c>kid</c>, <c>exp</c> is at most five minutes
/// ahead, and a <c>jti</c> is never used twice (SMART Backend Services 2.2, "Authenticating to the Token endpoint").
/// </summary>
internal sealed class SmartClientAssertionRules(TimeProvider time, Hosting.SandboxUrls urls) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    private static readonly TimeSpan MaximumLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
    private static readonly HashSet<string> Algorithms = new(StringComparer.Ordinal) { "RS384", "ES384" };
    private readonly ConcurrentDictionary<string, DateTimeOffset> _usedJtis = new(StringComparer.Ordinal);

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .AddFilter<OpenIddictServerHandlerFilters.RequireClientAssertionPrincipal>()
            .UseSingletonHandler<SmartClientAssertionRules>()
            .SetOrder(OpenIddictServerHandlers.ValidateClientAssertion.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        var principal = context.ClientAssertionPrincipal!;
        if (!principal.GetClaims(Claims.Audience).Any(a => string.Equals(a.TrimEnd('/'), urls.TokenEndpoint, StringComparison.Ordinal)))
            return Reject(context, $"The client assertion's aud must be the token URL {urls.TokenEndpoint}.");

        var header = new JsonWebToken(context.ClientAssertion!);
        if (!Algorithms.Contains(header.Alg)) return Reject(context, $"The client assertion is signed with {header.Alg}; SMART requires RS384 or ES384.");
        if (string.IsNullOrEmpty(header.Kid)) return Reject(context, "The client assertion's header has no kid.");

        var now = time.GetUtcNow();
        if (!long.TryParse(principal.GetClaim(Claims.ExpiresAt), out var exp)) return Reject(context, "The client assertion has no numeric exp.");
        var expires = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (expires - now > MaximumLifetime + ClockSkew) return Reject(context, "The client assertion's exp is more than five minutes ahead.");

        var jti = principal.GetClaim(Claims.JwtId);
        if (string.IsNullOrEmpty(jti)) return Reject(context, "The client assertion has no jti.");
        foreach (var old in _usedJtis.Where(p => p.Value < now - ClockSkew).Select(p => p.Key).ToList()) _usedJtis.TryRemove(old, out _);
        if (!_usedJtis.TryAdd($"{context.ClientId}|{jti}", expires)) return Reject(context, "The client assertion's jti was already used.");
        return default;
    }

    private static ValueTask Reject(ProcessAuthenticationContext context, string description)
    {
        context.Reject(error: Errors.InvalidClient, description: description);
        return default;
    }
}
