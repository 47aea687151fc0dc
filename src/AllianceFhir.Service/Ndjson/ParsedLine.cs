using Hl7.Fhir.Model;

namespace AllianceFhir.Service.Ndjson;

/// <summary>
/// A line's resource type and, for the types we read, the parsed resource; or why it could not be read.
/// <see cref="Warning"/> names something odd that did not stop the read (a byte-order mark at the start).
/// </summary>
public sealed record ParsedLine(string? ResourceType, Resource? Resource, string? Error, string? Warning = null);
