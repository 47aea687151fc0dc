using System.Text.Json;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Core.Scoring.Input;

/// <summary>
/// The strict parse every path falls back to when <see cref="ResponseInputReader"/> declines a line (issue 12): reads
/// the top-level resourceType first, so types the caller ignores cost one JSON scan, then parses the wanted types with
/// Firely in strict mode. Invalid FHIR is reported, never repaired (Recoverable mode would drop errors; DESIGN, known
/// quirks). One place says why JSON is refused, so <c>score</c>, the nightly job, the app and CDS Hooks refuse a
/// resource with the same code and message.
/// </summary>
public static class StrictResourceParser
{
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    /// <summary>Parses <paramref name="utf8"/> when its resourceType is one <paramref name="wanted"/> accepts; else only names its type.</summary>
    public static StrictParse Parse(ReadOnlySpan<byte> utf8, Func<string, bool> wanted)
    {
        string? type;
        try
        {
            type = ReadResourceType(utf8);
        }
        catch (JsonException e)
        {
            return new StrictParse(null, null, Rejection(null, $"not valid JSON: {e.Message}"));
        }
        if (type is null) return new StrictParse(null, null, Rejection(null, "not a FHIR resource: no resourceType"));
        if (!wanted(type)) return new StrictParse(type, null, null);

        try
        {
            var reader = new Utf8JsonReader(utf8);
            return new StrictParse(type, Deserializer.DeserializeResource(ref reader), null);
        }
        catch (DeserializationFailedException e)
        {
            var reasons = e.Exceptions.Select(x => x.Message).Distinct().Take(3);
            return new StrictParse(type, null, Rejection(type, $"invalid {type}: {string.Join("; ", reasons)}"));
        }
    }

    /// <summary>
    /// The issue for JSON that did not parse: <c>invalid-json</c> (not JSON), <c>not-fhir</c> (no resourceType) or
    /// <c>invalid-resource</c> (a resource Firely's strict parse refuses), located at its resourceType when it has one.
    /// </summary>
    private static ScoringIssue Rejection(string? type, string message) => new(IssueSeverity.Error,
        type is null ? (message.StartsWith("not valid JSON", StringComparison.Ordinal) ? "invalid-json" : "not-fhir") : "invalid-resource",
        message, type ?? "");

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
