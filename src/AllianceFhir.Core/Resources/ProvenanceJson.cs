using System.Runtime.CompilerServices;
using System.Text.Json;
using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Resources;

/// <summary>
/// The hot path's Provenance for a scored response: the same resource as <see cref="ProvenanceBuilder.Build(IReadOnlyList{string}, string?, TimeProvider)"/>
/// (test: FastWriterTests), written straight to a <see cref="Utf8JsonWriter"/>.
/// </summary>
public static class ProvenanceJson
{
    private const string DataOperation = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
    private const string ParticipantType = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

    /// <summary>Writes the Provenance; returns its id.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Write(Utf8JsonWriter w, IReadOnlyList<string> targets, string? source, TimeProvider time)
    {
        var id = ResourceIds.For(["provenance", .. targets]);
        w.WriteStartObject();
        w.WriteString("resourceType"u8, "Provenance"u8);
        w.WriteString("id"u8, id);
        w.WriteStartArray("contained"u8);
        w.WriteStartObject();
        w.WriteString("resourceType"u8, "Device"u8);
        w.WriteString("id"u8, ProvenanceBuilder.EngineDeviceId);
        w.WriteStartArray("identifier"u8);
        w.WriteStartObject();
        w.WriteString("system"u8, CanonicalUrls.Base);
        w.WriteString("value"u8, ProvenanceBuilder.EngineDeviceId);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("deviceName"u8);
        w.WriteStartObject();
        w.WriteString("name"u8, AlertResourceBuilder.AuthorDisplay);
        w.WriteString("type"u8, "user-friendly-name"u8);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("target"u8);
        foreach (var target in targets) ScoreObservationJson.Reference(w, default, target);
        w.WriteEndArray();
        w.WriteString("recorded"u8, time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteStartObject("activity"u8);
        w.WriteStartArray("coding"u8);
        ScoreObservationJson.Coding(w, DataOperation, "CREATE", "create");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("agent"u8);
        w.WriteStartObject();
        w.WriteStartObject("type"u8);
        w.WriteStartArray("coding"u8);
        ScoreObservationJson.Coding(w, ParticipantType, "assembler", "Assembler");
        w.WriteEndArray();
        w.WriteEndObject();
        ScoreObservationJson.Reference(w, "who"u8, "#" + ProvenanceBuilder.EngineDeviceId, AlertResourceBuilder.AuthorDisplay);
        w.WriteEndObject();
        w.WriteEndArray();
        if (source is not null)
        {
            w.WriteStartArray("entity"u8);
            w.WriteStartObject();
            w.WriteString("role"u8, "source"u8);
            ScoreObservationJson.Reference(w, "what"u8, source);
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteEndObject();
        return id;
    }
}
