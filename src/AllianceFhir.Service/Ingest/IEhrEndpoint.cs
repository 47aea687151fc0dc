using AllianceFhir.Ehr.WriteBack;
using Hl7.Fhir.Model;

namespace AllianceFhir.Service.Ingest;

/// <summary>
/// What the nightly pipeline needs from an EHR: read what changed, write batches, know what it accepts.
/// A live FHIR server and the embedded ndjson folder both implement it.
/// </summary>
public interface IEhrEndpoint : IEhrWriter
{
    /// <summary>Resources of a type changed after <paramref name="since"/> (null: all), following paging; bad entries come back as errors.</summary>
    /// <param name="codes">Only resources with one of these codes ("system|code"), when given: the score Observations an EHR stores.</param>
    IAsyncEnumerable<EhrEntry> ChangedSinceAsync(string resourceType, DateTimeOffset? since, IReadOnlyList<string>? codes, CancellationToken ct);
}
