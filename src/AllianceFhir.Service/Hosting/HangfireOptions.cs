namespace AllianceFhir.Service.Hosting;

/// <summary>Section "Hangfire".</summary>
public sealed class HangfireOptions
{
    public const string Section = "Hangfire";

    public HangfireStorageKind Storage { get; set; } = HangfireStorageKind.InMemory;

    /// <summary>PostgreSQL connection string for the queue; defaults to the state database's.</summary>
    public string? ConnectionString { get; set; }

    public int Workers { get; set; } = 2;

    /// <summary>
    /// PostgreSQL storage: how long a job taken by an instance that died stays invisible before another takes it.
    /// The timeout slides (a live instance renews it for its running jobs), so a long batch is not run twice
    /// while its instance lives; a killed instance's batches, safety alerts among them, are taken again within
    /// this time of its death. Batches are safe to run twice.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// PostgreSQL storage: how old a distributed lock (DisableConcurrentExecution on nightly-scoring) must be before
    /// another instance may break it. Hangfire.PostgreSql does not renew locks, and a killed instance never releases
    /// its own: a short timeout lets a restarted nightly run resume within a minute, at the risk that a nightly run
    /// reading for longer overlaps a manual second start (whose writes are found as existing).
    /// </summary>
    public TimeSpan DistributedLockTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Server name shown on the dashboard (defaults to machine:process).</summary>
    public string? ServerName { get; set; }
}
