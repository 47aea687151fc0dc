using System.Text.Json;

namespace AllianceFhir.Smart.Session;

/// <summary>The launch context as it is kept in the server-side ticket (JSON in the ticket's properties).</summary>
internal static class StoredLaunchContext
{
    private sealed record Stored(Uri FhirBaseUrl, string PatientId, string? EncounterId, string? FhirUser, string[] GrantedScopes,
        bool NeedPatientBanner, string? SmartStyleUrl, string[] FhirContextReferences);

    public static string Serialize(SmartLaunchContext c) => JsonSerializer.Serialize(new Stored(c.FhirBaseUrl, c.PatientId, c.EncounterId, c.FhirUser,
        [.. c.GrantedScopes.Order(StringComparer.Ordinal)], c.NeedPatientBanner, c.SmartStyleUrl, [.. c.FhirContextReferences]));

    public static SmartLaunchContext? Deserialize(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        var s = JsonSerializer.Deserialize<Stored>(json);
        return s is null ? null : new SmartLaunchContext(s.FhirBaseUrl, s.PatientId, s.EncounterId, s.FhirUser,
            new HashSet<string>(s.GrantedScopes, StringComparer.Ordinal), s.NeedPatientBanner, s.SmartStyleUrl, s.FhirContextReferences);
    }
}
