namespace AllianceFhir.State;

/// <summary>An input the service could not use: where it came from and why; never the resource body.</summary>
public sealed record QuarantineEntry(string Source, string? ResourceType, string? ResourceId, string Reason, string? RunId, string? ReceivedAt = null);
