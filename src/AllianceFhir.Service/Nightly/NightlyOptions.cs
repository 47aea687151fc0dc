namespace AllianceFhir.Service.Nightly;

/// <summary>The recurring jobs. Section "Jobs".</summary>
public sealed class NightlyOptions
{
    public const string Section = "Jobs";

    /// <summary>Cron for nightly-scoring (default 02:00).</summary>
    public string NightlyCron { get; set; } = "0 2 * * *";

    /// <summary>IANA or Windows time-zone id the cron is read in.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Cron for safety-sweep: PHQ-9 item 9 must reach a clinician within minutes, not nightly (docs/domain.md §2).</summary>
    public string SafetySweepCron { get; set; } = "*/5 * * * *";

    /// <summary>Patients per batch job: batches are what several service instances share.</summary>
    public int PatientsPerBatch { get; set; } = 100;

    /// <summary>Re-read this far behind the checkpoint so clock skew between EHR nodes loses nothing.</summary>
    public int OverlapMinutes { get; set; } = 5;
}
