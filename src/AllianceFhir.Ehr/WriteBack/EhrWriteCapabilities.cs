namespace AllianceFhir.Ehr.WriteBack;

/// <summary>What an EHR's CapabilityStatement says about writing (docs/domain.md §5, §7), reduced to what write-back needs.</summary>
/// <param name="Updatable">Types the EHR lets us <c>update</c> (PUT); null: none. Where a type is missing, a revision is
/// written as a new resource that names the one it replaces (docs/adr/0009-following-the-record.md).</param>
public sealed record EhrWriteCapabilities(
    IReadOnlySet<string> Creatable,
    IReadOnlySet<string> ConditionalCreate,
    bool Batch,
    bool Transaction,
    IReadOnlySet<string>? Updatable = null)
{
    public bool CanCreate(string resourceType) => Creatable.Contains(resourceType);

    public bool CanConditionallyCreate(string resourceType) => ConditionalCreate.Contains(resourceType);

    public bool CanUpdate(string resourceType) => Updatable?.Contains(resourceType) == true;
}
