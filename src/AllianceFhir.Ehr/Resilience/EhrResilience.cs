using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace AllianceFhir.Ehr.Resilience;

/// <summary>
/// The standard resilience pipeline of Microsoft.Extensions.Http.Resilience (total timeout → retry → circuit
/// breaker → attempt timeout) set from <see cref="EhrResilienceOptions"/>. Retries use exponential backoff with
/// jitter, but a Retry-After from the EHR (seconds or an HTTP date, read against the injected TimeProvider)
/// sets the wait. 4xx other than 408 and 429 are never retried; a POST after a 5xx, a timeout or a dropped
/// connection only when it is marked <see cref="Idempotent"/> or carries If-None-Exist.
/// </summary>
public static class EhrResilience
{
    /// <param name="builder">The HttpClient to make resilient.</param>
    /// <param name="retryAllMethods">Retry POST and PATCH on any transient failure (for token requests, which are safe to repeat).</param>
    public static IHttpClientBuilder AddEhrResilience(this IHttpClientBuilder builder, bool retryAllMethods = false)
    {
        builder.AddStandardResilienceHandler().Configure((standard, services) =>
        {
            var o = services.GetRequiredService<IOptions<EhrResilienceOptions>>().Value;
            var time = services.GetRequiredService<TimeProvider>();

            standard.TotalRequestTimeout.Timeout = o.TotalTimeout;
            standard.AttemptTimeout.Timeout = o.AttemptTimeout;

            standard.Retry.MaxRetryAttempts = o.MaxRetryAttempts;
            standard.Retry.BackoffType = DelayBackoffType.Exponential;
            standard.Retry.UseJitter = true;
            standard.Retry.Delay = o.BaseDelay;
            standard.Retry.MaxDelay = o.MaxDelay;
            standard.Retry.ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, retryAllMethods || o.RetryUnsafeWrites));
            standard.Retry.DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                args.Outcome.Result is { } response && RetryAfter.TryGetDelay(response, time, out var wait)
                    ? (wait > o.MaxRetryAfter ? o.MaxRetryAfter : wait)
                    : null);

            standard.CircuitBreaker.FailureRatio = o.CircuitBreakerFailureRatio;
            standard.CircuitBreaker.MinimumThroughput = o.CircuitBreakerMinimumThroughput;
            standard.CircuitBreaker.SamplingDuration = o.CircuitBreakerSamplingDuration;
            standard.CircuitBreaker.BreakDuration = o.CircuitBreakerBreakDuration;
        });
        return builder;
    }

    /// <summary>
    /// Set on a request that is safe to repeat although its method is POST: a batch Bundle of searches and
    /// conditional creates (If-None-Exist in every entry), which the EHR applies at most once however often it is sent.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> Idempotent = new("AllianceFhir.Idempotent");

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, bool retryUnsafeWrites)
    {
        if (!HttpClientResiliencePredicates.IsTransient(outcome)) return false;
        var request = outcome.Result?.RequestMessage ?? context.GetRequestMessage();
        if (request is null || retryUnsafeWrites) return true;
        if (request.Method != HttpMethod.Post && request.Method != HttpMethod.Patch) return true;
        if (request.Headers.Contains("If-None-Exist")) return true;
        if (request.Options.TryGetValue(Idempotent, out var idempotent) && idempotent) return true;
        return outcome.Result?.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;
    }
}
