using Hl7.Fhir.Model;

namespace AllianceFhir.Service.Ingest;

/// <summary>
/// One search result: the parsed resource (with its raw JSON), or where it came from and why it could not be read
/// (with its raw JSON when it was JSON, so a response's safety item can still be read from it).
/// </summary>
public sealed record EhrEntry(Resource? Resource, string? Json, DateTimeOffset? LastUpdated, string Source, string? Error, string? ResourceType = null, string? ResourceId = null);
