using System.Security.Claims;
using System.Text;
using AllianceFhir.Smart.Hosting;
using AllianceFhir.Smart.Session;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Smart.Tests.Session;

/// <summary>The server-side session: the browser holds a random key; the ticket with the tokens is stored encrypted.</summary>
public class DistributedTicketStoreTests
{
    private readonly MemoryDistributedCache _cache = new(Options.Create(new MemoryDistributedCacheOptions()));
    private readonly IDataProtectionProvider _protection = new EphemeralDataProtectionProvider();

    [Fact]
    public async Task Store_WhenTicketHoldsTokens_ThenCacheHoldsOnlyCiphertextAndTheKeyIsRandom()
    {
        var store = Store();
        var ticket = Ticket("eyJ-access-token-value-that-must-not-be-stored-in-clear");

        var key1 = await store.StoreAsync(ticket);
        var key2 = await store.StoreAsync(ticket);

        Assert.NotEqual(key1, key2);
        Assert.Equal(43, key1.Length); // 256 bits, base64url
        var stored = Encoding.UTF8.GetString((await _cache.GetAsync("smart:session:" + key1))!);
        Assert.DoesNotContain("access-token-value", stored);
        var back = await store.RetrieveAsync(key1);
        Assert.Equal("eyJ-access-token-value-that-must-not-be-stored-in-clear", back!.Properties.GetTokenValue("access_token"));
    }

    [Fact]
    public async Task Retrieve_WhenEntryTamperedOrRemoved_ThenNoSession()
    {
        var store = Store();
        var key = await store.StoreAsync(Ticket("t"));
        var bytes = (await _cache.GetAsync("smart:session:" + key))!;
        bytes[^1] ^= 0xFF;
        await _cache.SetAsync("smart:session:" + key, bytes);
        Assert.Null(await store.RetrieveAsync(key));

        var other = await store.StoreAsync(Ticket("t"));
        await store.RemoveAsync(other);
        Assert.Null(await store.RetrieveAsync(other));
    }

    private DistributedTicketStore Store() => new(_cache, _protection, Options.Create(new SmartOptions()));

    private static AuthenticationTicket Ticket(string accessToken)
    {
        var properties = new AuthenticationProperties();
        properties.StoreTokens([new AuthenticationToken { Name = "access_token", Value = accessToken }]);
        return new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim("patient", "p1")], "smart")), properties, "smart-session");
    }
}
