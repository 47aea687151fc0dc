namespace AllianceFhir.Service.Hosting;

public enum HangfireStorageKind
{
    /// <summary>Embedded default: jobs live in this process only.</summary>
    InMemory,
    /// <summary>Production: several service instances share one queue (Hangfire is the distributed engine).</summary>
    Postgres,
}
