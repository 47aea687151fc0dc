using AllianceFhir.Sandbox.Hosting;

namespace AllianceFhir.Sandbox.Proxy.Compartment;

/// <summary>
/// A literal reference to a resource on this FHIR server: <c>Type/id</c>, <c>Type/id/_history/v</c>, or the same under
/// the sandbox's (or the upstream's) FHIR base. Anything else (contained <c>#id</c>, conditional <c>Type?...</c>,
/// another server's URL, identifier-only) does not parse: the compartment checks cannot tell whose it is.
/// </summary>
internal sealed record FhirReference(string Type, string Id, string? Version)
{
    public string Key => $"{Type}/{Id}";

    public bool IsPatient(string patientId) => Type == "Patient" && Id == patientId;

    public static FhirReference? Parse(string? reference, SandboxUrls urls)
    {
        if (string.IsNullOrEmpty(reference) || reference.Contains('?') || reference.Contains('#')) return null;
        foreach (var fhirBase in new[] { urls.FhirBaseUrl, urls.FhirUpstreamUrl })
        {
            if (reference.StartsWith(fhirBase + "/", StringComparison.Ordinal))
            {
                reference = reference[(fhirBase.Length + 1)..];
                break;
            }
        }
        if (reference.Contains(':')) return null; // an absolute URL on another server, or a urn
        var parts = reference.Split('/');
        var valid = parts.Length switch
        {
            2 => true,
            4 => parts[2] == "_history" && parts[3].Length > 0,
            _ => false,
        };
        if (!valid || parts[0].Length == 0 || !char.IsAsciiLetterUpper(parts[0][0]) || !parts[0].All(char.IsAsciiLetter) || parts[1].Length == 0)
            return null;
        return new FhirReference(parts[0], parts[1], parts.Length == 4 ? parts[3] : null);
    }
}
