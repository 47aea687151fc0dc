using System.Text.Json;
using AllianceFhir.Samples.Catalogue;
using AllianceFhir.Samples.Planning;

namespace AllianceFhir.Samples.Fhir;

/// <summary>
/// Serialises a planned patient as a FHIR R4 Patient, tagged HTEST (test health data), with the project's
/// delivery-mode and programme extensions.
/// </summary>
internal static class PatientJson
{
    public static void Write(Utf8JsonWriter w, PatientPlan plan)
    {
        JsonParts.StartResource(w, "Patient", plan.Id);
        w.WriteStartObject("meta");
        w.WriteStartArray("security");
        JsonParts.Coding(w, FhirUrls.ActReason, "HTEST", "test health data");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("extension");
        Extension(w, FhirUrls.DeliveryModeExtension, "valueCode", plan.DeliveryMode);
        Extension(w, FhirUrls.ProgrammeExtension, "valueString", plan.Programme);
        w.WriteEndArray();
        w.WriteStartArray("identifier");
        w.WriteStartObject();
        w.WriteString("system", FhirUrls.SyntheticMrn);
        w.WriteString("value", "SYN-" + plan.Id[4..]);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteBoolean("active", true);
        w.WriteStartArray("name");
        w.WriteStartObject();
        w.WriteString("use", "official");
        w.WriteString("family", plan.Family);
        w.WriteStartArray("given");
        w.WriteStringValue(plan.Given);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("gender", plan.Gender);
        w.WriteString("birthDate", FhirFormat.Date(plan.BirthDate));
        w.WriteStartArray("generalPractitioner");
        w.WriteStartObject();
        w.WriteString("reference", plan.PractitionerReference);
        w.WriteEndObject();
        w.WriteEndArray();
        JsonParts.Reference(w, "managingOrganization", "Organization/" + plan.Clinic.Id);
        w.WriteEndObject();
    }

    private static void Extension(Utf8JsonWriter w, string url, string valueProperty, string value)
    {
        w.WriteStartObject();
        w.WriteString("url", url);
        w.WriteString(valueProperty, value);
        w.WriteEndObject();
    }
}
