namespace AllianceFhir.Ehr.BulkData;

/// <summary>Bulk Data <c>$export</c> polling (configuration section <c>Ehr:BulkData</c>).</summary>
public sealed class BulkExportOptions
{
    public const string Section = "Ehr:BulkData";

    /// <summary>The first wait between status polls when the server sends no Retry-After; doubles each poll.</summary>
    public TimeSpan InitialPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between polls of our own choosing.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A server's Retry-After is honoured up to this long (guards against a misconfigured header).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an export may take before the client gives up.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Whether to DELETE the export job when giving up, so the server can free its files.</summary>
    public bool CancelOnTimeout { get; set; } = true;
}
