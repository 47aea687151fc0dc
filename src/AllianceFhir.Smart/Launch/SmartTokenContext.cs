using System.Text.Json;
using AllianceFhir.Smart.Session;

namespace AllianceFhir.Smart.Launch;

/// <summary>
/// Reads the SMART launch context from a token response (SMART App Launch 2.2 §2.0.8 "Launch context arrives with
/// your access_token"): patient, encounter, need_patient_banner, smart_style_url, fhirContext and the granted scope.
/// </summary>
public static class SmartTokenContext
{
    /// <exception cref="SmartLaunchException">The response carries no patient (every feature of the app is patient-level).</exception>
    public static SmartLaunchContext Read(JsonElement response, Uri fhirBaseUrl, string? fhirUser, string? requestedScope = null)
    {
        var patient = String(response, "patient");
        if (string.IsNullOrWhiteSpace(patient))
            throw new SmartLaunchException("The EHR's token response names no patient; this app opens only in a patient's chart.");
        var scope = String(response, "scope");
        // RFC 6749 §5.1: scope may be omitted when it is what the client asked for.
        var granted = GrantedScopes.Parse(scope ?? requestedScope);
        var banner = response.TryGetProperty("need_patient_banner", out var b) && b.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.String => bool.TryParse(b.GetString(), out var v) && v,
            _ => false,
        };
        var references = new List<string>();
        if (response.TryGetProperty("fhirContext", out var fc) && fc.ValueKind == JsonValueKind.Array)
            foreach (var item in fc.EnumerateArray())
                if (item.ValueKind == JsonValueKind.Object && String(item, "reference") is { Length: > 0 } r)
                    references.Add(r);
        return new SmartLaunchContext(
            fhirBaseUrl,
            patient,
            String(response, "encounter"),
            fhirUser,
            granted,
            banner,
            String(response, "smart_style_url"),
            references);
    }

    private static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
