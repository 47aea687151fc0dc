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

    /// <summary>
    /// A concept from the project's code system ({"coding": [...]}), per code and display: the writers pass literals,
    /// so each pair is the same two instances every time, and they are told apart by reference (a code can have two
    /// displays: "caseness-at-baseline" on a trajectory and on a paired outcome).
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Code, string Display), byte[]> ProjectConcepts = new(ByReference.Instance);

    private sealed record Keyed(Instrument Instrument, byte[] Json);

    private sealed class ByReference : IEqualityComparer<(string Code, string Display)>
    {
        public static readonly ByReference Instance = new();

        public bool Equals((string Code, string Display) x, (string Code, string Display) y) =>
            ReferenceEquals(x.Code, y.Code) && ReferenceEquals(x.Display, y.Display);

        public int GetHashCode((string Code, string Display) pair) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(pair.Code), RuntimeHelpers.GetHashCode(pair.Display));
    }

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

    /// <summary>
    /// {"coding": [{"system": the project's, "code": ..., "display": ...}]}: a trajectory's, rupture's or paired
    /// outcome's status and each of its components' codes (issue 12: a trajectory has a dozen, each three strings).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static byte[] ProjectConcept(string code, string display)
    {
        if (ProjectConcepts.TryGetValue((code, display), out var kept)) return kept;
        var json = Render(w => ObservationJsonParts.Concept(w, default, CanonicalUrls.ProjectCodeSystem, code, display));
        if (ProjectConcepts.Count < MaxProjectConcepts) ProjectConcepts.TryAdd((code, display), json); // literals: a few dozen
        return json;
    }

    /// <summary>Beyond this many pairs (strings made at run time, not literals) a concept is rendered but not kept.</summary>
    private const int MaxProjectConcepts = 1024;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static byte[] Interpretation(SeverityBand band) =>
        Interpretations.GetValue(band, static b => Render(w =>
        {
            w.WriteStartArray();
            ScoreObservationJson.Concept(w, CanonicalUrls.ProjectCodeSystem, b.Code, b.Display);
            w.WriteEndArray();
        }));
}
