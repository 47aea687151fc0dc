using Microsoft.Extensions.Caching.Distributed;

namespace AllianceFhir.Smart.Launch;

/// <summary>
/// Lets each launch's state be redeemed once: a callback replayed with the same state (and even the same correlation
/// cookie) is refused before its code is sent to the EHR. Keyed by the launch nonce, kept past the state's lifetime.
/// Check-then-set on the distributed cache: two simultaneous replays on two instances could both pass here, and the
/// EHR's single-use code is the backstop.
/// </summary>
internal sealed class StateReplayGuard(IDistributedCache cache)
{
    private static readonly DistributedCacheEntryOptions Keep = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) };

    public async Task<bool> TryRedeemAsync(string nonce, CancellationToken cancellationToken)
    {
        var key = "smart:state-redeemed:" + nonce;
        if (await cache.GetAsync(key, cancellationToken) is not null) return false;
        await cache.SetAsync(key, [1], Keep, cancellationToken);
        return true;
    }
}
