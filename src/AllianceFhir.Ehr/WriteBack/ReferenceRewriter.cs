using Hl7.Fhir.Model;

namespace AllianceFhir.Ehr.WriteBack;

/// <summary>
/// Our resources refer to each other by our deterministic ids ("Observation/af-…"), but the EHR assigns its own.
/// Before writing, each such reference becomes the EHR's id when the ledger knows it, else a logical reference by
/// identifier (Reference.type + Reference.identifier), which any FHIR server accepts and can resolve later.
/// </summary>
public static class ReferenceRewriter
{
    public const string OurIdPrefix = "af-";

    /// <summary>The ids of ours this resource refers to (to look up in the ledger).</summary>
    public static IEnumerable<string> OurReferencedIds(Resource resource) =>
        References(resource).Select(r => Parse(r.Reference)).Where(p => p is not null).Select(p => p!.Value.Id).Distinct();

    public static void Rewrite(Resource resource, IReadOnlyDictionary<string, (string System, string? EhrId)> known)
    {
        foreach (var reference in References(resource))
        {
            if (Parse(reference.Reference) is not { } parsed || !known.TryGetValue(parsed.Id, out var target)) continue;
            if (target.EhrId is not null) reference.Reference = $"{parsed.Type}/{target.EhrId}";
            else
            {
                reference.Reference = null;
                reference.Type = parsed.Type;
                reference.Identifier = new Identifier(target.System, parsed.Id);
            }
        }
    }

    private static (string Type, string Id)? Parse(string? reference)
    {
        if (reference is null) return null;
        var slash = reference.IndexOf('/');
        if (slash <= 0 || !reference.AsSpan(slash + 1).StartsWith(OurIdPrefix)) return null;
        return (reference[..slash], reference[(slash + 1)..]);
    }

    private static IEnumerable<ResourceReference> References(Resource resource) => resource switch
    {
        Observation o => o.DerivedFrom.Concat(o.HasMember),
        Flag => [],
        Hl7.Fhir.Model.Task t => new[] { t.Focus, t.ReasonReference }.OfType<ResourceReference>(),
        Communication c => c.About,
        Provenance p => p.Target.Concat(p.Entity.Select(e => e.What).OfType<ResourceReference>()),
        _ => [],
    };
}
