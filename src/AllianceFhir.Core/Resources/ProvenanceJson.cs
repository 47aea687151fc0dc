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

    /// <summary>The engine as a contained Device: the same on every Provenance.</summary>
    private static readonly byte[] Contained = JsonFragments.Render(w =>
    {
        w.WriteStartArray();
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
    });

    private static readonly byte[] Activity = JsonFragments.Render(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("coding"u8);
        ScoreObservationJson.Coding(w, DataOperation, "CREATE", "create");
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static readonly byte[] Agent = JsonFragments.Render(w =>
    {
        w.WriteStartArray();
        w.WriteStartObject();
        w.WriteStartObject("type"u8);
        w.WriteStartArray("coding"u8);
        ScoreObservationJson.Coding(w, ParticipantType, "assembler", "Assembler");
        w.WriteEndArray();
        w.WriteEndObject();
        ScoreObservationJson.Reference(w, "who"u8, "#" + ProvenanceBuilder.EngineDeviceId, AlertResourceBuilder.AuthorDisplay);
        w.WriteEndObject();
        w.WriteEndArray();
    });

    /// <summary>Writes the Provenance; returns its id.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Write(Utf8JsonWriter w, IReadOnlyList<string> targets, string? source, TimeProvider time)
    {
        var id = targets.Count switch // one or two targets on almost every line: the parts on the stack, no array (issue 12)
        {
            1 => ResourceIds.For("provenance", targets[0]),
            2 => ResourceIds.For("provenance", targets[0], targets[1]),
            _ => ResourceIds.For(["provenance", .. targets]),
        };
        w.WriteStartObject();
        w.WriteString("resourceType"u8, "Provenance"u8);
        w.WriteString("id"u8, id);
        JsonFragments.Write(w, "contained"u8, Contained);
        w.WriteStartArray("target"u8);
        for (var i = 0; i < targets.Count; i++) ScoreObservationJson.Reference(w, default, targets[i]);
        w.WriteEndArray();
        Span<char> recorded = stackalloc char[FhirValues.DateTimeChars];
        w.WriteString("recorded"u8, recorded[..FhirValues.FormatDateTime(time.GetUtcNow(), recorded)]);
        JsonFragments.Write(w, "activity"u8, Activity);
        JsonFragments.Write(w, "agent"u8, Agent);
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
