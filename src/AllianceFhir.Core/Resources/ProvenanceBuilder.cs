using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Resources;

/// <summary>Records that AllianceFhir derived the target resources from a source (a QuestionnaireResponse).</summary>
public static class ProvenanceBuilder
{
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
                    Who = new ResourceReference { Display = AlertResourceBuilder.AuthorDisplay, Identifier = new Identifier(CanonicalUrls.Base, "alliancefhir-engine") },
                },
            ],
        };
        if (source is not null)
            provenance.Entity = [new Provenance.EntityComponent { Role = Provenance.ProvenanceEntityRole.Source, What = new ResourceReference(source) }];
        return provenance;
    }
}
