using System.Diagnostics;

namespace AllianceFhir.Smart.Features.Ehr;

/// <summary>
/// Time one API request spent waiting on the EHR, so the app's own time can be reported apart from it in a
/// <c>Server-Timing</c> header (<c>app;dur=…, ehr;dur=…</c>; W3C Server Timing). The bench reads the header.
/// </summary>
public sealed class EhrTiming
{
    private readonly Lock _lock = new();
    private long _ehrTicks;
    private long _since;
    private int _inFlight;
    private int _requests;

    /// <summary>Wall-clock time with at least one EHR request in flight (parallel requests overlap, so they are not summed).</summary>
    public TimeSpan Ehr
    {
        get
        {
            lock (_lock) return Stopwatch.GetElapsedTime(0, _ehrTicks + (_inFlight > 0 ? Stopwatch.GetTimestamp() - _since : 0));
        }
    }

    public int Requests => Volatile.Read(ref _requests);

    public async Task<T> MeasureAsync<T>(Func<Task<T>> call)
    {
        lock (_lock)
        {
            if (_inFlight++ == 0) _since = Stopwatch.GetTimestamp();
            _requests++;
        }
        try
        {
            return await call();
        }
        finally
        {
            lock (_lock)
            {
                if (--_inFlight == 0) _ehrTicks += Stopwatch.GetTimestamp() - _since;
            }
        }
    }

    public static EhrTiming For(HttpContext context)
    {
        if (context.Features.Get<EhrTiming>() is { } timing) return timing;
        timing = new EhrTiming();
        context.Features.Set(timing);
        return timing;
    }
}

/// <summary>The endpoint filter that reports <see cref="EhrTiming"/> to the browser and the bench.</summary>
public static class ServerTiming
{
    /// <summary>Adds <c>Server-Timing: app;dur=X, ehr;dur=Y, ehr-requests;desc=N</c> to every feature response.</summary>
    public static TBuilder WithServerTiming<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var start = Stopwatch.GetTimestamp();
            var timing = EhrTiming.For(context);
            context.Response.OnStarting(() =>
            {
                var total = Stopwatch.GetElapsedTime(start);
                var app = total - timing.Ehr;
                context.Response.Headers.Append("Server-Timing",
                    FormattableString.Invariant($"app;dur={app.TotalMilliseconds:0.###}, ehr;dur={timing.Ehr.TotalMilliseconds:0.###}, ehr-requests;desc={timing.Requests}"));
                return Task.CompletedTask;
            });
            return await next(invocation);
        });
}
