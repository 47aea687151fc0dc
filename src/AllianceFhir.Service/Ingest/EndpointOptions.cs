namespace AllianceFhir.Service.Ingest;

/// <summary>
/// Where the pipeline reads and writes. Section "Source". With FhirServer unset, the embedded default: a Bulk Data
/// ndjson folder in, an ndjson folder out. With FhirServer set, a live EHR (its auth and resilience under "Ehr").
/// </summary>
public sealed class EndpointOptions
{
    public const string Section = "Source";

    public Uri? FhirServer { get; set; }

    public string NdjsonInput { get; set; } = "samples/cohort";

    public string NdjsonOutput { get; set; } = "out/nightly";

    /// <summary>
    /// The longest input line read, in bytes (default 16 MiB, see <see cref="Ndjson.NdjsonLineReader.DefaultMaxLineBytes"/>):
    /// a longer line is quarantined unread, "too large to read: review by hand".
    /// </summary>
    public int NdjsonMaxLineBytes { get; set; } = Ndjson.NdjsonLineReader.DefaultMaxLineBytes;
}
