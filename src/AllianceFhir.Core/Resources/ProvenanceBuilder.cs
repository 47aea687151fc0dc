using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Resources;

/// <summary>Records that AllianceFhir derived the target resources from a source (a QuestionnaireResponse).</summary>
public static class ProvenanceBuilder
{
    /// <summary>The contained Device's id that <c>agent.who</c> points at.</summary>
    public const string EngineDeviceId = "alliancefhir-engine";

    /// <summary>
    /// The engine as the agent: a contained Device (with the identifier that names it) referenced as
    /// <c>#alliancefhir-engine</c>. A reference with only an identifier and a display fails Firely's evaluation of R4's
    /// <c>ref-1</c> invariant, so an EHR validating writes with Firely would refuse the Provenance; a contained Device
    /// passes it, keeps a machine-readable identity without writing a Device to the EHR first, and is one of
    /// <c>agent.who</c>'s allowed targets (FHIR R4 Provenance; Reference §2.3.0.5 contained resources).
    /// </summary>
    private static Device Engine() => ContainedDevice(EngineDeviceId, AlertResourceBuilder.AuthorDisplay);

    /// <summary>The SMART app's contained Device id, the agent when the EHR named no user (no <c>fhirUser</c>).</summary>
    public const string AppDeviceId = "alliancefhir-smart-app";

    /// <summary>The display of <see cref="AppAgent"/>.</summary>
    public const string AppDisplay = "AllianceFhir SMART app (user not identified by the EHR)";

    /// <summary>The SMART app as <c>agent.who</c> (<c>#alliancefhir-smart-app</c>); contain <see cref="AppDevice"/> beside it (see <see cref="Engine"/> for why).</summary>
    public static ResourceReference AppAgent() => new("#" + AppDeviceId, AppDisplay);

    /// <summary>The Device <see cref="AppAgent"/> points at, to put in the Provenance's <c>contained</c>.</summary>
    public static Device AppDevice() => ContainedDevice(AppDeviceId, AppDisplay);

    private static Device ContainedDevice(string id, string name) => new()
    {
        Id = id,
        Identifier = [new Identifier(CanonicalUrls.Base, id)],
        DeviceName = [new Device.DeviceNameComponent { Name = name, Type = DeviceNameType.UserFriendlyName }],
    };

    public static Provenance Build(IReadOnlyList<string> targets, string? source, TimeProvider time) =>
        Build(targets, source, time, update: false);

    /// <summary>
    /// Records a revision (docs/adr/0009-following-the-record.md): activity UPDATE on the versions written; where an EHR
    /// without update got a new resource, the resource it replaces is an entity with role <c>revision</c>.
    /// </summary>
    public static Provenance BuildRevision(IReadOnlyList<string> targets, IReadOnlyList<string> replaced, TimeProvider time)
    {
        var provenance = Build(targets, null, time, update: true);
        provenance.Entity = replaced.Select(r => new Provenance.EntityComponent { Role = Provenance.ProvenanceEntityRole.Revision, What = new ResourceReference(r) }).ToList();
        return provenance;
    }

    private static Provenance Build(IReadOnlyList<string> targets, string? source, TimeProvider time, bool update)
    {
        var id = ResourceIds.For(["provenance", .. targets]);
        var provenance = new Provenance
        {
            Id = id,
            Target = targets.Select(t => new ResourceReference(t)).ToList(),
            RecordedElement = new Instant(time.GetUtcNow()),
            Activity = update
                ? FhirValues.Concept("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "UPDATE", "revise")
                : FhirValues.Concept("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "CREATE", "create"),
            Agent =
            [
                new Provenance.AgentComponent
                {
                    Type = FhirValues.Concept("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "assembler", "Assembler"),
                    Who = new ResourceReference("#" + EngineDeviceId, AlertResourceBuilder.AuthorDisplay),
                },
            ],
            Contained = [Engine()],
        };
        if (source is not null)
            provenance.Entity = [new Provenance.EntityComponent { Role = Provenance.ProvenanceEntityRole.Source, What = new ResourceReference(source) }];
        return provenance;
    }
}
