using Hl7.Fhir.Model;

namespace AllianceFhir.Service.Ingest;

/// <summary>
/// One search result: the parsed resource (with its raw JSON), or where it came from and why it could not be read
/// (with its raw JSON when it was JSON, so a response's safety item can still be read from it).
/// <paramref name="Deleted"/>: the EHR reports the resource deleted (a Bulk Data <c>deleted</c> entry); the entry then
/// carries a stand-in with only its id and status <c>entered-in-error</c>, so it is retracted through the same path
/// (docs/adr/0009-following-the-record.md).
/// </summary>
public sealed record EhrEntry(Resource? Resource, string? Json, DateTimeOffset? LastUpdated, string Source, string? Error, string? ResourceType = null, string? ResourceId = null, bool Deleted = false);
