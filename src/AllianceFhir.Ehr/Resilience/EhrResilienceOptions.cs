namespace AllianceFhir.Ehr.Resilience;

/// <summary>Retries, timeouts and the circuit breaker for EHR requests (configuration section <c>Ehr:Resilience</c>).</summary>
public sealed class EhrResilienceOptions
{
    public const string Section = "Ehr:Resilience";

    /// <summary>Retries after the first attempt, on 408, 429, 5xx, timeouts and connection failures.</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>The first backoff delay when the EHR sends no Retry-After; doubles each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest backoff delay of our own choosing.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A Retry-After is honoured up to this long; beyond it the wait is cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>One attempt's limit. FHIR searches with large pages can take tens of seconds on real EHRs.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The limit for a request including all its retries and waits.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether a POST or PATCH is retried after a 5xx, a timeout or a dropped connection, when the EHR may already
    /// have applied it. Off by default: the write-back's own ledger and identifier search decide whether to write
    /// again. 408, 429 and 503 (the EHR did not process the request), and conditional creates (If-None-Exist) are
    /// retried regardless.
    /// </summary>
    public bool RetryUnsafeWrites { get; set; }

    /// <summary>The share of failed requests in <see cref="CircuitBreakerSamplingDuration"/> that opens the circuit.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Requests needed in the sampling window before the circuit can open.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;

    /// <summary>The window over which failures are counted; at least twice <see cref="AttemptTimeout"/>.</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the circuit stays open (requests fail fast) before one is let through to test the EHR.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
