using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Resources;

/// <summary>
/// The parts of the hot path's score Observation and Provenance that are the same on every line (a scale's code, its
/// band's interpretation, the survey category, the profile, the Provenance's device, activity and agent), rendered
/// once as JSON by the very calls that would write them, then copied with <see cref="Utf8JsonWriter.WriteRawValue(ReadOnlySpan{byte}, bool)"/>
/// (issue 12: written value by value, with each string transcoded and checked for escaping again, they took about a
/// sixth of a worker's time). Rendered with relaxed escaping, the ndjson writer's: a writer with another encoder writes
/// the same JSON values, only escaped as this one escapes them.
/// </summary>
internal static class JsonFragments
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>A scale's "code" ({"coding": [...], "text": "PHQ-9 total"}), per scale of the instrument it belongs to.</summary>
    private static readonly ConditionalWeakTable<ScaleDefinition, Keyed> Codes = new();

    /// <summary>A band's "interpretation" array.</summary>
    private static readonly ConditionalWeakTable<SeverityBand, byte[]> Interpretations = new();

    private sealed record Keyed(Instrument Instrument, byte[] Json);

    public static byte[] Render(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, Options)) write(w);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter w, ReadOnlySpan<byte> name, byte[] json)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(json, skipInputValidation: true);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static byte[] Code(Instrument instrument, ScaleDefinition scale)
    {
        if (Codes.TryGetValue(scale, out var kept) && ReferenceEquals(kept.Instrument, instrument)) return kept.Json;
        var json = Render(w => ObservationJsonParts.Concept(w, default, scale.Code.System, scale.Code.Code, scale.Code.Display, $"{instrument.Title} {scale.Key}"));
        Codes.AddOrUpdate(scale, new Keyed(instrument, json));
        return json;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static byte[] Interpretation(SeverityBand band) =>
        Interpretations.GetValue(band, static b => Render(w =>
        {
            w.WriteStartArray();
            ScoreObservationJson.Concept(w, CanonicalUrls.ProjectCodeSystem, b.Code, b.Display);
            w.WriteEndArray();
        }));
}
