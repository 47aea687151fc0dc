using System.Runtime.CompilerServices;
using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.Service.Ingest;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Service.Tests.WriteBack;

/// <summary>
/// A stand-in EHR at the service's own interface (a unit-test seam, not a fake FHIR server) whose answer to each
/// POST entry is scripted: the cases a real server cannot be made to produce on demand (422 for one entry of a batch).
/// </summary>
internal sealed class ScriptedEndpoint(Func<Bundle.EntryComponent, string> statusFor, IReadOnlyList<Resource>? changed = null) : IEhrEndpoint
{
    private static readonly FhirJsonSerializer Serializer = new();

    public List<Bundle> Posted { get; } = [];

    public string Name => "scripted";

    public Task<EhrWriteCapabilities> WriteCapabilitiesAsync(CancellationToken ct) => System.Threading.Tasks.Task.FromResult(new EhrWriteCapabilities(
        new HashSet<string> { "Observation", "Flag" }, new HashSet<string> { "Observation", "Flag" }, Batch: true, Transaction: false));

    public async IAsyncEnumerable<EhrEntry> ChangedSinceAsync(string resourceType, DateTimeOffset? since, IReadOnlyList<string>? codes, [EnumeratorCancellation] CancellationToken ct)
    {
        await System.Threading.Tasks.Task.CompletedTask;
        foreach (var r in (changed ?? []).Where(r => r.TypeName == resourceType))
            yield return new EhrEntry(r, Serializer.SerializeToString(r), r.Meta?.LastUpdated, "scripted", null, r.TypeName, r.Id);
    }

    public Task<Bundle> PostBatchAsync(Bundle batch, CancellationToken ct)
    {
        Posted.Add(batch);
        var response = new Bundle { Type = Bundle.BundleType.BatchResponse };
        foreach (var entry in batch.Entry)
        {
            var status = statusFor(entry);
            response.Entry.Add(new Bundle.EntryComponent
            {
                Response = new Bundle.ResponseComponent
                {
                    Status = status,
                    Location = status.StartsWith("201", StringComparison.Ordinal) ? $"{entry.Request!.Url}/ehr-{Posted.Count}-{response.Entry.Count}" : null,
                    Outcome = status.StartsWith('4') ? new OperationOutcome { Issue = [new() { Severity = OperationOutcome.IssueSeverity.Error, Code = OperationOutcome.IssueType.Invalid, Diagnostics = "Observation.code: not in the value set" }] } : null,
                },
            });
        }
        return System.Threading.Tasks.Task.FromResult(response);
    }
}
