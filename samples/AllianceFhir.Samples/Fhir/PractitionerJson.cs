using System.Text.Json;
using AllianceFhir.Samples.Catalogue;

namespace AllianceFhir.Samples.Fhir;

/// <summary>Serialises a therapist as a FHIR R4 Practitioner.</summary>
internal static class PractitionerJson
{
    public static void Write(Utf8JsonWriter w, PractitionerInfo practitioner)
    {
        JsonParts.StartResource(w, "Practitioner", practitioner.Id);
        w.WriteBoolean("active", true);
        JsonParts.OneElement(w, "name", name =>
        {
            name.WriteString("family", practitioner.Family);
            name.WriteStartArray("given");
            name.WriteStringValue(practitioner.Given);
            name.WriteEndArray();
            name.WriteStartArray("prefix");
            name.WriteStringValue(practitioner.Prefix);
            name.WriteEndArray();
        });
        w.WriteEndObject();
    }
}
