using System.Text.Json;

namespace AllianceFhir.Samples.Fhir;

/// <summary>Small FHIR datatypes written by several resources.</summary>
internal static class JsonParts
{
    /// <summary>Opens a resource's object with its <c>resourceType</c> and <c>id</c>; the caller closes it.</summary>
    public static void StartResource(Utf8JsonWriter w, string resourceType, string id)
    {
        w.WriteStartObject();
        w.WriteString("resourceType", resourceType);
        w.WriteString("id", id);
    }

    /// <summary><c>"property": [ { … } ]</c>: the one-element arrays (a name, an address, a type) a resource holds.</summary>
    public static void OneElement(Utf8JsonWriter w, string property, Action<Utf8JsonWriter> writeElement)
    {
        w.WriteStartArray(property);
        w.WriteStartObject();
        writeElement(w);
        w.WriteEndObject();
        w.WriteEndArray();
    }

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
