using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Service.Ndjson;

/// <summary>
/// Reads a line's resourceType first, so types we ignore cost one JSON scan, then parses the types we need
/// strictly with Firely: invalid FHIR is reported, never silently repaired (Recoverable mode would drop errors).
/// A UTF-8 byte-order mark at the start of a line (files concatenated from several exports) is skipped with a warning.
/// </summary>
public sealed class ResourceLineParser(IReadOnlySet<string> typesToParse)
{
    private readonly FhirJsonDeserializer _deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    public const string ByteOrderMarkWarning = "the line starts with a UTF-8 byte-order mark; it was ignored";

    public ParsedLine Parse(string line)
    {
        if (line.Length > 0 && line[0] == '\uFEFF') return Parse(line[1..]) with { Warning = ByteOrderMarkWarning };
        var bytes = Encoding.UTF8.GetBytes(line);
        string? type;
        try
        {
            type = ReadResourceType(bytes);
        }
        catch (JsonException e)
        {
            return new ParsedLine(null, null, $"not valid JSON: {e.Message}");
        }
        if (type is null) return new ParsedLine(null, null, "not a FHIR resource: no resourceType");
        if (!typesToParse.Contains(type)) return new ParsedLine(type, null, null);

        try
        {
            var reader = new Utf8JsonReader(bytes);
            return new ParsedLine(type, _deserializer.DeserializeResource(ref reader), null);
        }
        catch (DeserializationFailedException e)
        {
            var reasons = e.Exceptions.Select(x => x.Message).Distinct().Take(3);
            return new ParsedLine(type, null, $"invalid {type}: {string.Join("; ", reasons)}");
        }
    }

    /// <summary>The top-level resourceType, wherever it stands in the object; throws JsonException on broken JSON.</summary>
    private static string? ReadResourceType(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("the line is not a JSON object");
        string? type = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0) break;
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("resourceType"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String) type = reader.GetString();
            }
            else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
        }
        if (reader.Read()) throw new JsonException("trailing content after the JSON object");
        return type;
    }
}
