using AllianceFhir.Sandbox.Authorization;
using AllianceFhir.Sandbox.Proxy.Compartment;
using Microsoft.AspNetCore.Http;

namespace AllianceFhir.Sandbox.Proxy;

/// <summary>
/// SMART v2 scopes applied to one FHIR request (App Launch 2.2 §"Scopes for requesting FHIR resources"): some granted
/// scope must allow the interaction on the type. When only <c>patient/</c> scopes allow it, the request must stay in
/// the token's patient's compartment (R4 Patient CompartmentDefinition, <see cref="PatientCompartmentDefinition"/>):
/// a search of patient data names the patient in one of the type's compartment parameters (or <c>patient</c> /
/// <c>subject</c>; <c>_id</c> for Patient), a type's whole <c>_history</c> and conditional updates and deletes are
/// refused, and what is written or read back is checked by <see cref="CompartmentGuard"/>. Types that are not patient
/// data (Questionnaire, Practitioner, Organization) are reached by scope alone. <c>user/</c> and <c>system/</c> scopes
/// reach every patient (the sandbox does not model per-user access).
/// </summary>
internal static class FhirAccessPolicy
{
    public static AccessDecision Decide(IEnumerable<string> grantedScopes, string? tokenPatient, FhirTarget target, IQueryCollection query,
        PatientCompartmentDefinition compartment)
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
        if (target.History && target.Id is null)
            return AccessDecision.Refuse($"A patient-level token may not read the whole history of {target.ResourceType}; read the history of one resource in its compartment.");
        if (target.Interaction is 'u' or 'd' && target.Id is null)
            return AccessDecision.Refuse("A patient-level token may not update or delete conditionally; name the resource's id.");
        if (target.Interaction == 's' && !SearchNamesPatient(target.ResourceType, tokenPatient, query, compartment))
        {
            return AccessDecision.Refuse(target.ResourceType == "Patient"
                ? $"A patient-level token may only search its own patient: add _id={tokenPatient}."
                : $"A patient-level token's search of {target.ResourceType} must name its patient: add patient={tokenPatient} (or one of "
                  + $"{string.Join(", ", compartment.Params(target.ResourceType))} = Patient/{tokenPatient}).");
        }
        if (target.ResourceType == "Patient" && target.Id is not null && target.Id != tokenPatient)
            return AccessDecision.Refuse("A patient-level token may only reach its own patient's record.");
        if (target.ResourceType == "Patient" && target.Interaction is 'c' or 'd')
            return AccessDecision.Refuse("A patient-level token may not create or delete patients.");
        return AccessDecision.InCompartmentOf(tokenPatient);
    }

    private static bool SearchNamesPatient(string resourceType, string patient, IQueryCollection query, PatientCompartmentDefinition compartment)
    {
        if (resourceType == "Patient")
            return query.TryGetValue("_id", out var ids) && ids.Count > 0 && ids.All(v => v is not null && v.Split(',').All(id => id == patient));
        if (!compartment.IsPatientData(resourceType)) return true;
        foreach (var name in compartment.Params(resourceType).Concat(["patient", "subject"]).Distinct(StringComparer.Ordinal))
        {
            foreach (var key in new[] { name, $"{name}:Patient" })
            {
                if (query.TryGetValue(key, out var values) && values.Count > 0
                    && values.All(v => v is not null && v.Split(',').All(r => IsPatientReference(r, patient))))
                {
                    return true;
                }
            }
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
