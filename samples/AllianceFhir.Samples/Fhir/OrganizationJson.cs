using System.Text.Json;
using AllianceFhir.Samples.Catalogue;

namespace AllianceFhir.Samples.Fhir;

/// <summary>Serialises a clinic as a FHIR R4 Organization.</summary>
internal static class OrganizationJson
{
    public static void Write(Utf8JsonWriter w, ClinicInfo clinic)
    {
        w.WriteStartObject();
        w.WriteString("resourceType", "Organization");
        w.WriteString("id", clinic.Id);
        w.WriteBoolean("active", true);
        w.WriteStartArray("type");
        w.WriteStartObject();
        w.WriteStartArray("coding");
        JsonParts.Coding(w, "http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("name", clinic.Name);
        w.WriteStartArray("address");
        w.WriteStartObject();
        w.WriteString("city", clinic.City);
        w.WriteString("country", "GB");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
