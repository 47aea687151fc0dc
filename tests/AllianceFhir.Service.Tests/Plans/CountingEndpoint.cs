using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.Service.Ingest;
using Hl7.Fhir.Model;

namespace AllianceFhir.Service.Tests.Plans;

/// <summary>
/// The live endpoint passed through unchanged, noting each batch Bundle it posts (its entries' method and type), so a
/// test can see how writes reached the real test FHIR server. Not a fake: every request still goes to the server.
/// </summary>
internal sealed class CountingEndpoint(IEhrEndpoint inner) : IEhrEndpoint, IEhrSearch
{
    public List<IReadOnlyList<string>> Batches { get; } = [];

    public string Name => inner.Name;

    public Task<EhrWriteCapabilities> WriteCapabilitiesAsync(CancellationToken ct) => inner.WriteCapabilitiesAsync(ct);

    public Task<Bundle> PostBatchAsync(Bundle batch, CancellationToken ct)
    {
        lock (Batches) Batches.Add(batch.Entry.Select(e => $"{e.Request?.Method} {e.Resource?.TypeName ?? e.Request?.Url}").ToList());
        return inner.PostBatchAsync(batch, ct);
    }

    public IAsyncEnumerable<EhrEntry> ChangedSinceAsync(string resourceType, DateTimeOffset? since, IReadOnlyList<string>? codes, CancellationToken ct) =>
        inner.ChangedSinceAsync(resourceType, since, codes, ct);

    public IAsyncEnumerable<Resource> SearchAsync(string resourceType, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken ct) =>
        ((IEhrSearch)inner).SearchAsync(resourceType, parameters, ct);
}
