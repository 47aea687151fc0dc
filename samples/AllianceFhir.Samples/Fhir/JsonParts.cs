using System.Text.Json;

namespace AllianceFhir.Samples.Fhir;

/// <summary>Small FHIR datatypes written by several resources.</summary>
internal static class JsonParts
{
    public static void Reference(Utf8JsonWriter w, string property, string reference)
    {
        w.WriteStartObject(property);
        w.WriteString("reference", reference);
        w.WriteEndObject();
    }

    public static void Coding(Utf8JsonWriter w, string system, string code, string? display)
    {
        w.WriteStartObject();
        w.WriteString("system", system);
        w.WriteString("code", code);
        if (display is not null)
        {
            w.WriteString("display", display);
        }

        w.WriteEndObject();
    }

    public static void CodeableConcept(Utf8JsonWriter w, string property, string system, string code, string display, string? text = null)
    {
        w.WriteStartObject(property);
        w.WriteStartArray("coding");
        Coding(w, system, code, display);
        w.WriteEndArray();
        if (text is not null)
        {
            w.WriteString("text", text);
        }

        w.WriteEndObject();
    }
}
