using System.Text.Json;
using AllianceFhir.Samples.Catalogue;

namespace AllianceFhir.Samples.Fhir;

/// <summary>Serialises a clinic as a FHIR R4 Organization.</summary>
internal static class OrganizationJson
{
    public static void Write(Utf8JsonWriter w, ClinicInfo clinic)
    {
        JsonParts.StartResource(w, "Organization", clinic.Id);
        w.WriteBoolean("active", true);
        JsonParts.OneElement(w, "type", type =>
        {
            type.WriteStartArray("coding");
            JsonParts.Coding(type, "http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider");
            type.WriteEndArray();
        });
        w.WriteString("name", clinic.Name);
        JsonParts.OneElement(w, "address", address =>
        {
            address.WriteString("city", clinic.City);
            address.WriteString("country", "GB");
        });
        w.WriteEndObject();
    }
}
