using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;

namespace AllianceFhir.Ehr.WriteBack;

/// <summary>
/// Where an EHR does not allow <c>update</c> on a type, a revision is a new resource carrying the same identifier and
/// the extension <see cref="Url"/> (profiles/StructureDefinition-replaces.json) naming the resource it replaces;
/// an Observation also names it in <c>derivedFrom</c> and says so in a note (docs/adr/0009-following-the-record.md).
/// </summary>
public static class Replacements
{
    public static readonly string Url = CanonicalUrls.Extension("replaces");

    /// <summary>A copy of <paramref name="revised"/> that names <paramref name="replacedReference"/> ("Type/id" in the EHR) as the one it replaces.</summary>
    public static Resource Replacing(Resource revised, string replacedReference)
    {
        var copy = (Resource)revised.DeepCopy();
        copy.Id = null;
        if (copy is not DomainResource domain) throw new ArgumentException($"{revised.TypeName} cannot carry an extension", nameof(revised));
        domain.Extension.RemoveAll(e => e.Url == Url);
        domain.Extension.Add(new Extension(Url, new ResourceReference(replacedReference)));
        if (copy is Observation o)
        {
            o.DerivedFrom.Add(new ResourceReference(replacedReference));
            o.Note.Add(new Annotation { Text = $"Replaces {replacedReference} (status now {o.StatusElement?.JsonValue ?? "unknown"}): this EHR does not allow updating an Observation." });
        }
        return copy;
    }

    /// <summary>The EHR reference this resource says it replaces, or null.</summary>
    public static string? ReplacedBy(Resource resource) =>
        (resource as DomainResource)?.Extension.FirstOrDefault(e => e.Url == Url)?.Value is ResourceReference r ? r.Reference : null;

    /// <summary>Of resources sharing one identifier, the current ones: those no other one names as replaced.</summary>
    public static IReadOnlyList<T> Current<T>(IReadOnlyCollection<T> resources) where T : Resource
    {
        var replaced = resources.Select(ReplacedBy).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return resources.Where(r => !replaced.Contains($"{r.TypeName}/{r.Id}")).ToList();
    }
}
