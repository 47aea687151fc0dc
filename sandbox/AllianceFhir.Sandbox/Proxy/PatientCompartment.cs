using System.Text.Json;

namespace AllianceFhir.Sandbox.Proxy;

/// <summary>
/// Whether a resource lies in a patient's compartment as far as the sandbox checks: a Patient is its own; any other
/// resource must not point its <c>subject</c> or <c>patient</c> at someone else. Resources with neither (Practitioner,
/// Organization, Questionnaire) are not patient data and pass.
/// </summary>
internal static class PatientCompartment
{
    private static readonly string[] PatientFields = ["subject", "patient"];

    public static bool Contains(JsonElement resource, string patientId)
    {
        if (resource.ValueKind != JsonValueKind.Object) return true;
        if (resource.TryGetProperty("resourceType", out var type) && type.GetString() == "Patient")
            return !resource.TryGetProperty("id", out var id) || id.GetString() == patientId;
        foreach (var field in PatientFields)
        {
            if (resource.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Object
                && value.TryGetProperty("reference", out var reference) && reference.GetString() is { } text
                && !FhirAccessPolicy.IsPatientReference(text, patientId))
            {
                return false;
            }
        }
        return true;
    }
}
