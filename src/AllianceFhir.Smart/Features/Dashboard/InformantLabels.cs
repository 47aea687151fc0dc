using AllianceFhir.Core.Scoring;
using AllianceFhir.Smart.Features.Ehr;
using Hl7.Fhir.Model;

namespace AllianceFhir.Smart.Features.Dashboard;

/// <summary>
/// Labels the caregivers of a caregiver report by relationship and name ("Mother (Jane Doe)"): one search for every
/// RelatedPerson named, when the EHR granted <see cref="Scope"/>. Without it, or when the search fails, the chart
/// names the reference (e.g. "Caregiver (RelatedPerson/rp-1)").
/// </summary>
public static class InformantLabels
{
    /// <summary>Read the RelatedPersons who answered caregiver forms. Needed by no feature; requested by no launch yet (the sandbox has no RelatedPerson user).</summary>
    public const string Scope = "patient/RelatedPerson.rs";

    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(SessionEhr ehr, IEnumerable<string?> references, CancellationToken ct)
    {
        var ids = references.Where(ResponseInformant.IsRelatedPerson).Select(r => r!.Split('/')).Where(p => p.Length == 2).Select(p => p[1])
            .Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0 || !FeatureAccess.Allows(ehr.Session.Context.GrantedScopes, Scope)) return new Dictionary<string, string>();
        try
        {
            var found = await ehr.SearchAsync($"RelatedPerson?_id={string.Join(",", ids.Select(Uri.EscapeDataString))}&_count={ids.Count}", ct);
            return found.OfType<RelatedPerson>().Where(p => p.Id is not null)
                .ToDictionary(p => $"RelatedPerson/{p.Id}", Label, StringComparer.Ordinal);
        }
        catch (EhrRequestException)
        {
            return new Dictionary<string, string>();
        }
    }

    /// <summary>"Caregiver: Mother (Jane Doe)": the relationship's text or display, and the official (else first) name.</summary>
    public static string Label(RelatedPerson person)
    {
        var relationship = person.Relationship.Select(r => !string.IsNullOrWhiteSpace(r.Text) ? r.Text : r.Coding.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Display))?.Display)
            .FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        var name = person.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? person.Name.FirstOrDefault();
        var display = name is null ? null : !string.IsNullOrWhiteSpace(name.Text) ? name.Text
            : string.Join(' ', name.Given.Append(name.Family).Where(s => !string.IsNullOrWhiteSpace(s)));
        if (string.IsNullOrWhiteSpace(display)) display = null;
        return (relationship, display) switch
        {
            (not null, not null) => $"Caregiver: {Capital(relationship)} ({display})",
            (not null, null) => $"Caregiver: {Capital(relationship)}",
            (null, not null) => $"Caregiver: {display}",
            _ => $"Caregiver (RelatedPerson/{person.Id})",
        };
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
