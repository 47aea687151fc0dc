using AllianceFhir.Sandbox.Authorization;
using Microsoft.AspNetCore.Http;

namespace AllianceFhir.Sandbox.Proxy;

/// <summary>
/// SMART v2 scopes applied to one FHIR request (App Launch 2.2 §"Scopes for requesting FHIR resources"): some granted
/// scope must allow the interaction on the type. When only <c>patient/</c> scopes allow it, the request must stay in
/// the token's patient's compartment: searches name the patient (<c>patient</c>/<c>subject</c>, or <c>_id</c> for
/// Patient), and reads and writes touch only resources whose subject/patient is that patient. <c>user/</c> and
/// <c>system/</c> scopes reach every patient (the sandbox does not model per-user access).
/// </summary>
internal static class FhirAccessPolicy
{
    public static AccessDecision Decide(IEnumerable<string> grantedScopes, string? tokenPatient, FhirTarget target, IQueryCollection query)
    {
        var scopes = grantedScopes.Select(SmartScope.TryParse).OfType<SmartScope>().ToList();
        var what = $"{Describe(target.Interaction)} {target.ResourceType ?? "at the system level"}";
        if (target.ResourceType is null)
        {
            return scopes.Any(s => !s.IsPatientLevel && s.ResourceType == "*" && s.Permissions.Contains(target.Interaction, StringComparison.Ordinal))
                ? AccessDecision.Allow
                : AccessDecision.Refuse($"No granted scope allows {what} (batch, transaction and whole-system requests need a user/*. or system/*. scope).");
        }

        var allowing = scopes.Where(s => s.Allows(target.ResourceType, target.Interaction)).ToList();
        if (allowing.Count == 0)
            return AccessDecision.Refuse($"No granted scope allows {what} (SMART v2: {target.ResourceType}.{target.Interaction}).");
        if (allowing.Any(s => !s.IsPatientLevel)) return AccessDecision.Allow;

        if (string.IsNullOrEmpty(tokenPatient))
            return AccessDecision.Refuse($"The token's patient/ scopes allow {what}, but the token has no patient context.");
        if (target.Interaction == 's' && !SearchNamesPatient(target.ResourceType, tokenPatient, query))
        {
            return AccessDecision.Refuse(target.ResourceType == "Patient"
                ? $"A patient-level token may only search its own patient: add _id={tokenPatient}."
                : $"A patient-level token's search must name its patient: add patient={tokenPatient} (or subject=Patient/{tokenPatient}).");
        }
        if (target.ResourceType == "Patient" && target.Id is not null && target.Id != tokenPatient)
            return AccessDecision.Refuse("A patient-level token may only reach its own patient's record.");
        if (target.ResourceType == "Patient" && target.Interaction is 'c' or 'd')
            return AccessDecision.Refuse("A patient-level token may not create or delete patients.");
        return AccessDecision.InCompartmentOf(tokenPatient);
    }

    private static bool SearchNamesPatient(string resourceType, string patient, IQueryCollection query)
    {
        if (resourceType == "Patient")
            return query.TryGetValue("_id", out var ids) && ids.Count > 0 && ids.All(v => v is not null && v.Split(',').All(id => id == patient));
        foreach (var name in new[] { "patient", "subject", "patient:Patient", "subject:Patient" })
        {
            if (query.TryGetValue(name, out var values) && values.Count > 0 && values.All(v => v is not null && v.Split(',').All(r => IsPatientReference(r, patient))))
                return true;
        }
        return false;
    }

    /// <summary>True for "123", "Patient/123" or an absolute ".../Patient/123" naming <paramref name="patient"/>.</summary>
    public static bool IsPatientReference(string reference, string patient) =>
        reference == patient || reference == $"Patient/{patient}" || reference.EndsWith($"/Patient/{patient}", StringComparison.Ordinal);

    private static string Describe(char interaction) => interaction switch
    {
        'c' => "create on",
        'r' => "read of",
        'u' => "update of",
        'd' => "delete of",
        _ => "search of",
    };
}
