using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Resources;

/// <summary>Records that AllianceFhir derived the target resources from a source (a QuestionnaireResponse).</summary>
public static class ProvenanceBuilder
{
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
                    Who = new ResourceReference { Display = AlertResourceBuilder.AuthorDisplay, Identifier = new Identifier(CanonicalUrls.Base, "alliancefhir-engine") },
                },
            ],
        };
        if (source is not null)
            provenance.Entity = [new Provenance.EntityComponent { Role = Provenance.ProvenanceEntityRole.Source, What = new ResourceReference(source) }];
        return provenance;
    }
}
