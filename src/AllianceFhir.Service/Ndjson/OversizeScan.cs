namespace AllianceFhir.Service.Ndjson;

/// <summary>
/// What <see cref="AllianceFhir.Core.Scoring.OversizeResponseScanner"/> read of an over-size line: its resourceType and
/// id, the safety fields as a small JSON (<see cref="SafetyJson"/>, read like an unparsed response), and why the scan
/// stopped early, if it did.
/// </summary>
public sealed record OversizeScan(string? ResourceType, string? Id, string SafetyJson, string? Problem);
