using Hl7.Fhir.Model;

namespace AllianceFhir.Ehr.WriteBack;

/// <summary>
/// The write half of an EHR: what it accepts and posting a batch Bundle. The service's endpoints (live server,
/// ndjson folder) and the SMART app's per-session client both implement it, so both write through
/// <see cref="WriteBackService"/>.
/// </summary>
public interface IEhrWriter
{
    /// <summary>A name for logs and ledger entries (the base URL or folder); never patient data.</summary>
    string Name { get; }

    Task<EhrWriteCapabilities> WriteCapabilitiesAsync(CancellationToken ct);

    Task<Bundle> PostBatchAsync(Bundle batch, CancellationToken ct);
}
