using AllianceFhir.Core.Scoring;
using Hl7.Fhir.Model;

namespace AllianceFhir.Service.Ndjson;

/// <summary>
/// A line's resource type and, for the types we read, the parsed resource; or why it could not be read
/// (<see cref="Error"/>, and as the issue every path reports, <see cref="Rejection"/>).
/// <see cref="Warning"/> names something odd that did not stop the read (a byte-order mark at the start).
/// </summary>
public sealed record ParsedLine(string? ResourceType, Resource? Resource, string? Error, string? Warning = null)
{
    /// <summary>The rejection (invalid-json, not-fhir, invalid-resource) when <see cref="Error"/> is set.</summary>
    public ScoringIssue? Rejection { get; init; }
}
