using Hl7.Fhir.Model;

namespace AllianceFhir.Ehr.Client;

/// <summary>What an incremental search found, and the checkpoint to start from next time.</summary>
/// <param name="Resources">Resources updated after checkpoint − overlap; some may have been seen before (dedupe by id + versionId).</param>
/// <param name="Checkpoint">The latest meta.lastUpdated seen, or the previous checkpoint when nothing newer came back.</param>
public sealed record IncrementalSearchResult(IReadOnlyList<Resource> Resources, DateTimeOffset? Checkpoint);
