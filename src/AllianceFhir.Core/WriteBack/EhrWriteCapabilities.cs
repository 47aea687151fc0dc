namespace AllianceFhir.Core.WriteBack;

/// <summary>What an EHR's CapabilityStatement says about writing (domain.md §5), reduced to what write-back needs.</summary>
public sealed record EhrWriteCapabilities(
    IReadOnlySet<string> Creatable,
    IReadOnlySet<string> ConditionalCreate,
    bool Batch,
    bool Transaction)
{
    public bool CanCreate(string resourceType) => Creatable.Contains(resourceType);

    public bool CanConditionallyCreate(string resourceType) => ConditionalCreate.Contains(resourceType);
}
