using AllianceFhir.Ehr.WriteBack;
using Hl7.Fhir.Model;
using Interaction = Hl7.Fhir.Model.CapabilityStatement.TypeRestfulInteraction;
using SystemInteraction = Hl7.Fhir.Model.CapabilityStatement.SystemRestfulInteraction;

namespace AllianceFhir.Ehr.Client;

/// <summary>
/// What one EHR declares in its CapabilityStatement (server-mode rest entries), put as the questions the
/// write-back asks: which resource types it may create, search and update; whether conditional create, batch
/// and transaction Bundles work; whether Provenance can be written. Undeclared means no (docs/domain.md §5).
/// </summary>
public sealed class EhrFeatures
{
    private readonly Dictionary<string, CapabilityStatement.ResourceComponent> _resources;
    private readonly HashSet<SystemInteraction> _system;

    public EhrFeatures(Uri baseUrl, CapabilityStatement statement)
    {
        BaseUrl = baseUrl;
        Statement = statement;
        var server = statement.Rest.Where(r => r.Mode is null or CapabilityStatement.RestfulCapabilityMode.Server).ToList();
        _resources = new(StringComparer.Ordinal);
        foreach (var resource in server.SelectMany(r => r.Resource))
            if (resource.Type is { Length: > 0 } type) _resources.TryAdd(type, resource);
        _system = server.SelectMany(r => r.Interaction).Where(i => i.Code is not null).Select(i => i.Code!.Value).ToHashSet();
    }

    public Uri BaseUrl { get; }

    /// <summary>The CapabilityStatement as the EHR served it.</summary>
    public CapabilityStatement Statement { get; }

    /// <summary>Resource types the EHR declares at all.</summary>
    public IReadOnlyCollection<string> ResourceTypes => _resources.Keys;

    public bool Supports(string resourceType, Interaction interaction) =>
        _resources.TryGetValue(resourceType, out var r) && r.Interaction.Any(i => i.Code == interaction);

    public bool CanCreate(string resourceType) => Supports(resourceType, Interaction.Create);

    public bool CanRead(string resourceType) => Supports(resourceType, Interaction.Read);

    public bool CanSearch(string resourceType) => Supports(resourceType, Interaction.SearchType);

    public bool CanUpdate(string resourceType) => Supports(resourceType, Interaction.Update);

    /// <summary>Create with <c>If-None-Exist</c>: needs create and <c>conditionalCreate: true</c> on the resource.</summary>
    public bool SupportsConditionalCreate(string resourceType) =>
        CanCreate(resourceType) && _resources[resourceType].ConditionalCreate == true;

    public bool SupportsBatch => _system.Contains(SystemInteraction.Batch);

    public bool SupportsTransaction => _system.Contains(SystemInteraction.Transaction);

    /// <summary>Provenance can be written (created) alongside what the service writes.</summary>
    public bool SupportsProvenance => CanCreate("Provenance");

    /// <summary>The part of these features write-back decides on (strategy and alert channel).</summary>
    public EhrWriteCapabilities WriteCapabilities() => new(
        ResourceTypes.Where(CanCreate).ToHashSet(StringComparer.Ordinal),
        ResourceTypes.Where(SupportsConditionalCreate).ToHashSet(StringComparer.Ordinal),
        SupportsBatch, SupportsTransaction,
        ResourceTypes.Where(CanUpdate).ToHashSet(StringComparer.Ordinal));
}
