using System.Text.Json;
using AllianceFhir.FhirServer;

namespace AllianceFhir.Bench.Resilience;

/// <summary>
/// What the service wrote to one EHR, per type: how many resources, their distinct identifiers, and which of them
/// no Provenance names. Two EHRs are identical when every type has the same count and the same identifiers and
/// every result is covered.
/// </summary>
public sealed record EhrSnapshot(IReadOnlyDictionary<string, int> Counts, IReadOnlyDictionary<string, HashSet<string>> Identifiers, int Uncovered)
{
    private static readonly string[] Types = ["Observation", "Flag", "Task", "Communication"];

    public int Duplicates => Counts.Sum(c => c.Value - Identifiers[c.Key].Count);

    public int Distinct => Identifiers.Values.Sum(v => v.Count);

    public static async Task<EhrSnapshot> TakeAsync(FhirServerProcess ehr)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var identifiers = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var ours = new List<string>();
        foreach (var type in Types)
        {
            var resources = (await ehr.SearchAllAsync($"{type}?_count=1000")).Where(IsOurs).ToList();
            counts[type] = resources.Count;
            identifiers[type] = resources.Select(Identifier).ToHashSet(StringComparer.Ordinal);
            ours.AddRange(resources.Select(r => $"{type}/{r.GetProperty("id").GetString()}"));
        }
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var provenance in await ehr.SearchAllAsync("Provenance?_count=1000"))
            if (provenance.TryGetProperty("target", out var targets))
                foreach (var t in targets.EnumerateArray())
                    if (t.TryGetProperty("reference", out var r)) covered.Add(r.GetString()!);
        return new EhrSnapshot(counts, identifiers, ours.Count(o => !covered.Contains(o)));
    }

    /// <summary>Identifiers of <paramref name="reference"/> not in this snapshot.</summary>
    public int MissingAgainst(EhrSnapshot reference) =>
        reference.Identifiers.Sum(kv => kv.Value.Count(id => !Identifiers.GetValueOrDefault(kv.Key, []).Contains(id)));

    public bool IdenticalTo(EhrSnapshot reference) =>
        Uncovered == 0 && reference.Counts.All(kv => Counts.GetValueOrDefault(kv.Key) == kv.Value && Identifiers[kv.Key].SetEquals(reference.Identifiers[kv.Key]));

    public string Describe() => string.Join(", ", Counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value} ({Identifiers[c.Key].Count} distinct)")) + $", {Uncovered} without Provenance";

    private static bool IsOurs(JsonElement r) => r.TryGetProperty("identifier", out var ids)
        && ids.EnumerateArray().Any(i => i.TryGetProperty("system", out var s) && s.GetString()!.StartsWith("https://alliancefhir.org/", StringComparison.Ordinal));

    private static string Identifier(JsonElement r)
    {
        var id = r.GetProperty("identifier").EnumerateArray().First(i => i.GetProperty("system").GetString()!.StartsWith("https://alliancefhir.org/", StringComparison.Ordinal));
        return $"{id.GetProperty("system").GetString()}|{id.GetProperty("value").GetString()}";
    }
}
