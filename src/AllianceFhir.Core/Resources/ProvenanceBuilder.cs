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
    private static Device Engine() => new()
    {
        Id = EngineDeviceId,
        Identifier = [new Identifier(CanonicalUrls.Base, EngineDeviceId)],
        DeviceName = [new Device.DeviceNameComponent { Name = AlertResourceBuilder.AuthorDisplay, Type = DeviceNameType.UserFriendlyName }],
    };

    public static Provenance Build(IReadOnlyList<string> targets, string? source, TimeProvider time)
    {
        var id = ResourceIds.For(["provenance", .. targets]);
        var provenance = new Provenance
        {
            Id = id,
            Target = targets.Select(t => new ResourceReference(t)).ToList(),
            RecordedElement = new Instant(time.GetUtcNow()),
            Activity = FhirValues.Concept("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "CREATE", "create"),
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
