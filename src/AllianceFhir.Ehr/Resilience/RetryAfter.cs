namespace AllianceFhir.Ehr.Resilience;

/// <summary>Reads a <c>Retry-After</c> header (delta seconds or an HTTP date) against the injected clock.</summary>
internal static class RetryAfter
{
    public static bool TryGetDelay(HttpResponseMessage response, TimeProvider time, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            delay = delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            return true;
        }
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            delay = wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            return true;
        }
        return false;
    }
}
