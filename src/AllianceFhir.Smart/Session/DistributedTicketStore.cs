using System.Security.Cryptography;
using AllianceFhir.Smart.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Smart.Session;

/// <summary>
/// Keeps the whole sign-in ticket (the EHR's tokens and the SMART launch context) on the server, in the distributed
/// cache, encrypted with Data Protection; the browser's cookie carries only the random 256-bit session key.
/// A sign-in always starts a new session: during the launch callback (<see cref="SignInItem"/>) the session the
/// browser's old cookie names is removed and not found, so the cookie handler stores the new ticket under a fresh key
/// (it would otherwise renew the old key, and the old cookie would read the new launch: session fixation).
/// </summary>
internal sealed class DistributedTicketStore(IDistributedCache cache, IDataProtectionProvider dataProtection, IOptions<SmartOptions> options) : ITicketStore
{
    /// <summary>HttpContext.Items key under which the current request's session key is kept (for token refresh).</summary>
    public const string SessionKeyItem = "AllianceFhir.Smart.SessionKey";

    /// <summary>HttpContext.Items key set by the launch when it signs in: the request's existing session is dropped.</summary>
    public const string SignInItem = "AllianceFhir.Smart.SignIn";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("AllianceFhir.Smart.Session.Ticket.v1");

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var key = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        await RenewAsync(key, ticket, cancellationToken);
        return key;
    }

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var key = await StoreAsync(ticket, cancellationToken);
        httpContext.Items[SessionKeyItem] = key;
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var entry = new DistributedCacheEntryOptions { SlidingExpiration = options.Value.SessionIdleTimeout };
        if (ticket.Properties.ExpiresUtc is { } expires) entry.AbsoluteExpiration = expires;
        return cache.SetAsync(CacheKey(key), _protector.Protect(TicketSerializer.Default.Serialize(ticket)), entry, cancellationToken);
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken) =>
        RenewAsync(key, ticket, cancellationToken);

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        var bytes = await cache.GetAsync(CacheKey(key), cancellationToken);
        if (bytes is null) return null;
        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(bytes));
        }
        catch (CryptographicException)
        {
            return null; // keys rotated away or the entry was tampered with: the user launches again
        }
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        if (httpContext.Items.ContainsKey(SignInItem))
        {
            await RemoveAsync(key, cancellationToken);
            return null;
        }
        var ticket = await RetrieveAsync(key, cancellationToken);
        if (ticket is not null) httpContext.Items[SessionKeyItem] = key;
        return ticket;
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => cache.RemoveAsync(CacheKey(key), cancellationToken);

    public Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken) => RemoveAsync(key, cancellationToken);

    private static string CacheKey(string key) => "smart:session:" + key;
}
