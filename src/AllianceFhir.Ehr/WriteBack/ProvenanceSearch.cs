using Hl7.Fhir.Model;

namespace AllianceFhir.Ehr.WriteBack;

/// <summary>Asks the EHR which targets already have a Provenance: one batch of <c>Provenance?target=</c> searches.</summary>
public static class ProvenanceSearch
{
    /// <summary>Targets per search (a URL of about 5 kB at 100 targets).</summary>
    private const int TargetsPerSearch = 100;

    public static Bundle For(IReadOnlyList<string> targets) => new()
    {
        Type = Bundle.BundleType.Batch,
        Entry = targets.Chunk(TargetsPerSearch).Select(chunk => new Bundle.EntryComponent
        {
            Request = new Bundle.RequestComponent
            {
                Method = Bundle.HTTPVerb.GET,
                Url = $"Provenance?target={string.Join(",", chunk.Select(Uri.EscapeDataString))}&_count=1000",
            },
        }).ToList(),
    };

    /// <summary>Every target named by a Provenance found, or null when a search did not answer 200.</summary>
    public static IReadOnlySet<string>? ReadTargets(Bundle? response)
    {
        if (response is null) return null;
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in response.Entry)
        {
            if (WriteBundles.StatusCode(entry.Response?.Status) != 200 || entry.Resource is not Bundle searchset) return null;
            foreach (var provenance in searchset.Entry.Select(e => e.Resource).OfType<Provenance>())
                foreach (var target in provenance.Target)
                    if (target.Reference is { } reference) found.Add(Relative(reference));
        }
        return found;
    }

    /// <summary>"Observation/1" from an absolute or relative reference (history suffix dropped).</summary>
    private static string Relative(string reference)
    {
        var parts = reference.Split('/');
        var history = Array.IndexOf(parts, "_history");
        if (history > 0) parts = parts[..history];
        return parts.Length >= 2 ? $"{parts[^2]}/{parts[^1]}" : reference;
    }
}
