namespace AllianceFhir.CdsHooks;

/// <summary>The discovery document at GET /cds-services.</summary>
public sealed record CdsDiscovery(IReadOnlyList<CdsServiceDefinition> Services);

/// <summary>One CDS service as discovery lists it (CDS Hooks 2.0 §Discovery).</summary>
public sealed record CdsServiceDefinition(
    string Hook,
    string Id,
    string Title,
    string Description,
    IReadOnlyDictionary<string, string> Prefetch,
    string UsageRequirements);
