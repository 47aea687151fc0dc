namespace AllianceFhir.Ehr.WriteBack;

/// <summary>
/// The EHR resource that currently holds one of our identifiers, and the state we last wrote there: its version (for
/// If-Match) and content hash (<see cref="Core.Pipeline.ContentHash"/>; null when unknown, e.g. a resource found
/// rather than written). <see cref="ReplacesEhrId"/> is set when an EHR without update got a new resource instead.
/// </summary>
public sealed record CurrentWrite(
    string ResourceType,
    string IdentifierSystem,
    string IdentifierValue,
    string EhrId,
    string? VersionId,
    string? ContentHash,
    string? ReplacesEhrId = null);
