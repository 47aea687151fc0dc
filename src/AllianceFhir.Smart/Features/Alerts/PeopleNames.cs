using AllianceFhir.Smart.Features.Ehr;
using Hl7.Fhir.Model;

namespace AllianceFhir.Smart.Features.Alerts;

/// <summary>
/// Puts people's names beside the references alerts record them by (<c>Practitioner/prac-north-1</c> → "Dr Amara
/// Okafor"): one search for every Practitioner named, when the EHR granted <see cref="SmartScopes.PeopleNames"/>. Without
/// that scope, or when the search fails, the reference is all there is and is shown as it is.
/// </summary>
public static class PeopleNames
{
    public static async Task<IReadOnlyList<AlertView>> AddAsync(SessionEhr ehr, IReadOnlyList<AlertView> alerts, CancellationToken ct)
    {
        var ids = alerts.SelectMany(a => new[] { a.AcknowledgedBy, a.ResolvedBy }).Select(PractitionerId).OfType<string>()
            .Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0 || !FeatureAccess.Allows(ehr.Session.Context.GrantedScopes, SmartScopes.PeopleNames)) return alerts;
        Dictionary<string, string> names;
        try
        {
            var found = await ehr.SearchAsync($"Practitioner?_id={string.Join(",", Ids(ids).Select(Uri.EscapeDataString))}&_count={ids.Count}", ct);
            names = found.OfType<Practitioner>().Where(p => p.Id is not null && Name(p) is not null)
                .ToDictionary(p => $"Practitioner/{p.Id}", p => Name(p)!, StringComparer.Ordinal);
        }
        catch (EhrRequestException)
        {
            return alerts;
        }
        string? NameOf(string? reference) => reference is not null && names.TryGetValue(reference, out var n) ? n : null;
        return alerts.Select(a => a with { AcknowledgedByName = NameOf(a.AcknowledgedBy), ResolvedByName = NameOf(a.ResolvedBy) }).ToList();
    }

    /// <summary>The official (else first) name: its text, else prefix, given and family names.</summary>
    public static string? Name(Practitioner p)
    {
        var name = p.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? p.Name.FirstOrDefault();
        if (name is null) return null;
        if (!string.IsNullOrWhiteSpace(name.Text)) return name.Text;
        var parts = name.Prefix.Concat(name.Given).Append(name.Family).Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    private static string? PractitionerId(string? reference) =>
        reference is not null && reference.StartsWith("Practitioner/", StringComparison.Ordinal) && reference.Length > 13 && !reference[13..].Contains('/')
            ? reference : null;

    internal static IEnumerable<string> Ids(IEnumerable<string> references) => references.Select(r => r[13..]);
}
