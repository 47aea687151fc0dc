using System.Text.Json;
using AllianceFhir.Samples.Catalogue;

namespace AllianceFhir.Samples.Fhir;

/// <summary>Serialises a therapist as a FHIR R4 Practitioner.</summary>
internal static class PractitionerJson
{
    public static void Write(Utf8JsonWriter w, PractitionerInfo practitioner)
    {
        w.WriteStartObject();
        w.WriteString("resourceType", "Practitioner");
        w.WriteString("id", practitioner.Id);
        w.WriteBoolean("active", true);
        w.WriteStartArray("name");
        w.WriteStartObject();
        w.WriteString("family", practitioner.Family);
        w.WriteStartArray("given");
        w.WriteStringValue(practitioner.Given);
        w.WriteEndArray();
        w.WriteStartArray("prefix");
        w.WriteStringValue(practitioner.Prefix);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
