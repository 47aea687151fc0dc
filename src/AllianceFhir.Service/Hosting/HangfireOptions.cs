using System.ComponentModel.DataAnnotations;

namespace AllianceFhir.Service.Hosting;

/// <summary>Section "Hangfire".</summary>
public sealed class HangfireOptions
{
    public const string Section = "Hangfire";

    public HangfireStorageKind Storage { get; set; } = HangfireStorageKind.InMemory;

    /// <summary>PostgreSQL connection string for the queue; defaults to the state database's.</summary>
    public string? ConnectionString { get; set; }

    [Range(1, 64)]
    public int Workers { get; set; } = 2;

    /// <summary>
    /// PostgreSQL storage: how long a job taken by an instance that died stays invisible before another takes it.
    /// Batches are safe to run twice, so a short timeout only costs repeated work.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Server name shown on the dashboard (defaults to machine:process).</summary>
    public string? ServerName { get; set; }
}
