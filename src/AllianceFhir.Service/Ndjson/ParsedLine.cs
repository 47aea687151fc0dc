using Hl7.Fhir.Model;

namespace AllianceFhir.Service.Ndjson;

/// <summary>A line's resource type and, for the types we read, the parsed resource; or why it could not be read.</summary>
public sealed record ParsedLine(string? ResourceType, Resource? Resource, string? Error);
