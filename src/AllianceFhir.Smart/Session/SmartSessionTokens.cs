using System.Globalization;
using AllianceFhir.Smart.Hosting;
using AllianceFhir.Smart.Launch;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Smart.Session;

/// <summary>
/// The session's access token, refreshed with the refresh_token grant at the EHR's token endpoint when it expires
/// within <see cref="SmartOptions.RefreshMargin"/>; the new tokens go back into the server-side ticket. Refreshes of
/// one session are serialised in this process (a rotating refresh token must be redeemed once); a failed refresh
/// ends the session.
/// </summary>
internal sealed class SmartSessionTokens(
    ITicketStore store,
    EhrRegistry registry,
    SmartTokenClient tokenClient,
    TimeProvider time,
    IOptions<SmartOptions> options,
    ILogger<SmartSessionTokens> logger)
{
    private static readonly SemaphoreSlim[] Gates = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<string> GetAccessTokenAsync(HttpContext httpContext, CancellationToken cancellationToken)
    {
        var current = await httpContext.AuthenticateAsync(SmartAuthenticationDefaults.CookieScheme);
        if (!current.Succeeded || current.Properties is null)
            throw new SmartSessionEndedException("There is no session with the EHR.");
        if (!NeedsRefresh(current.Properties)) return AccessToken(current.Properties);

        if (httpContext.Items[DistributedTicketStore.SessionKeyItem] is not string key)
            throw new SmartSessionEndedException("The session is not kept on the server.");
        var gate = Gates[(StringComparer.Ordinal.GetHashCode(key) & int.MaxValue) % Gates.Length];
        await gate.WaitAsync(cancellationToken);
        try
        {
            var ticket = await store.RetrieveAsync(key, httpContext, cancellationToken)
                ?? throw new SmartSessionEndedException("The session has expired.");
            var properties = ticket.Properties;
            if (NeedsRefresh(properties))
            {
                await RefreshAsync(properties, cancellationToken, async () => await store.RemoveAsync(key, httpContext, CancellationToken.None));
                await store.RenewAsync(key, ticket, httpContext, cancellationToken);
            }
            current.Properties.StoreTokens(properties.GetTokens());
            return AccessToken(properties);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task RefreshAsync(AuthenticationProperties properties, CancellationToken cancellationToken, Func<Task> endSession)
    {
        var refreshToken = properties.GetTokenValue("refresh_token");
        if (string.IsNullOrEmpty(refreshToken)
            || !registry.TryFind(properties.GetString(SmartAuthenticationDefaults.IssKey), out var ehr)
            || !Uri.TryCreate(properties.GetString(SmartAuthenticationDefaults.TokenEndpointKey), UriKind.Absolute, out var tokenEndpoint))
        {
            await endSession();
            throw new SmartSessionEndedException("The EHR access has expired and cannot be renewed.");
        }

        var response = await tokenClient.RefreshAsync(ehr, tokenEndpoint, refreshToken, cancellationToken);
        if (response.IsError || string.IsNullOrEmpty(response.AccessToken))
        {
            logger.LogWarning("Refreshing the EHR access token failed ({Error}, HTTP {Status}); the session ends", response.Error, (int)response.HttpStatusCode);
            await endSession();
            throw new SmartSessionEndedException("The EHR refused to renew access.", response.Exception);
        }

        var tokens = new List<AuthenticationToken>
        {
            new() { Name = "access_token", Value = response.AccessToken },
            // A server that does not rotate refresh tokens answers without one: keep the old.
            new() { Name = "refresh_token", Value = string.IsNullOrEmpty(response.RefreshToken) ? refreshToken : response.RefreshToken },
            new() { Name = "token_type", Value = response.TokenType ?? "Bearer" },
        };
        if (response.ExpiresIn > 0)
            tokens.Add(new() { Name = "expires_at", Value = (time.GetUtcNow() + TimeSpan.FromSeconds(response.ExpiresIn)).ToString("o", CultureInfo.InvariantCulture) });
        properties.StoreTokens(tokens);
    }

    private bool NeedsRefresh(AuthenticationProperties properties) =>
        DateTimeOffset.TryParse(properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiresAt)
        && expiresAt - options.Value.RefreshMargin <= time.GetUtcNow();

    private static string AccessToken(AuthenticationProperties properties) =>
        properties.GetTokenValue("access_token") ?? throw new SmartSessionEndedException("The session holds no EHR access token.");
}
