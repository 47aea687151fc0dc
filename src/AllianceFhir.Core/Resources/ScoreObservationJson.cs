using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Scoring;

namespace AllianceFhir.Core.Resources;

/// <summary>
/// The hot path's score Observation: the same resource as <see cref="ScoreObservationBuilder"/> (test:
/// FastWriterTests parses both with Firely and compares), written straight to a <see cref="Utf8JsonWriter"/> with no
/// POCO and no reflection. Element order as Firely writes it.
/// </summary>
public static class ScoreObservationJson
{
    private static readonly byte[] SymptomMeta = Meta(ProfileUrls.SymptomScore);
    private static readonly byte[] AllianceMeta = Meta(ProfileUrls.AllianceScore);
    private static readonly byte[] SurveyCategory = JsonFragments.Render(w =>
    {
        w.WriteStartArray();
        Concept(w, CanonicalUrls.ObservationCategory, "survey", "Survey");
        w.WriteEndArray();
    });
    private static readonly JsonEncodedText ScoreIdentifierSystem = JsonEncodedText.Encode(CanonicalUrls.ScoreIdentifierSystem, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
    internal static readonly JsonEncodedText Ucum = JsonEncodedText.Encode(CanonicalUrls.Ucum, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

    private static byte[] Meta(string profile) => JsonFragments.Render(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("profile"u8);
        w.WriteStringValue(profile);
        w.WriteEndArray();
        w.WriteEndObject();
    });

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Write(Utf8JsonWriter w, ScoringResult result, ScaleScore score, string responseReference) =>
        Write(w, result, score, responseReference, ScoreObservationBuilder.IdFor(responseReference, score));

    /// <summary>As above, with the id the caller already has (<see cref="ScoreObservationBuilder.IdFor"/>: a hash, not computed twice).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Write(Utf8JsonWriter w, ScoringResult result, ScaleScore score, string responseReference, ReadOnlySpan<char> id)
    {
        var instrument = result.Instrument ?? throw new ArgumentException("The result has no instrument", nameof(result));
        w.WriteStartObject();
        w.WriteString("resourceType"u8, "Observation"u8);
        w.WriteString("id"u8, id);
        JsonFragments.Write(w, "meta"u8, instrument.Category == InstrumentCategory.Symptom ? SymptomMeta : AllianceMeta);
        if (score.Prorated)
        {
            w.WriteStartArray("extension"u8);
            w.WriteStartObject();
            w.WriteString("url"u8, CanonicalUrls.Prorated);
            w.WriteBoolean("valueBoolean"u8, true);
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteStartArray("identifier"u8);
        w.WriteStartObject();
        w.WriteString("use"u8, "official"u8);
        w.WriteString("system"u8, ScoreIdentifierSystem);
        w.WriteString("value"u8, id);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("status"u8, "final"u8);
        JsonFragments.Write(w, "category"u8, SurveyCategory);
        JsonFragments.Write(w, "code"u8, JsonFragments.Code(instrument, score.Scale));
        Reference(w, "subject"u8, result.PatientReference);
        Span<char> effective = stackalloc char[FhirValues.DateTimeChars];
        w.WriteString("effectiveDateTime"u8, effective[..FhirValues.FormatDateTime(result.Authored!.Value, effective)]);
        if (result.PerformerReference is { } author)
        {
            w.WriteStartArray("performer"u8);
            Reference(w, default, author);
            w.WriteEndArray();
        }
        w.WriteStartObject("valueQuantity"u8);
        w.WriteNumber("value"u8, score.Value);
        w.WriteString("unit"u8, "{score}"u8);
        w.WriteString("system"u8, Ucum);
        w.WriteString("code"u8, "{score}"u8);
        w.WriteEndObject();
        if (score.Band is { } band) JsonFragments.Write(w, "interpretation"u8, JsonFragments.Interpretation(band));
        var missingSafety = result.Safety is { Status: SafetyStatus.Missing } missing && score.Scale.ItemLinkIds.Contains(missing.Item.LinkId) ? missing.Item.LinkId : null;
        if (score.Prorated || missingSafety is not null)
        {
            w.WriteStartArray("note"u8);
            if (score.Prorated)
                Note(w, $"Prorated: {score.Missing} of {score.Answered + score.Missing} items missing; the missing items took the mean of those answered.");
            if (missingSafety is not null)
                Note(w, $"Safety item {missingSafety} was not answered: its safety meaning is unknown, not prorated.");
            w.WriteEndArray();
        }
        w.WriteStartArray("derivedFrom"u8);
        Reference(w, default, responseReference);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Note(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject();
        w.WriteString("text"u8, text);
        w.WriteEndObject();
    }

    /// <summary>A CodeableConcept with one coding, as an array element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Concept(Utf8JsonWriter w, string system, string code, string? display)
    {
        w.WriteStartObject();
        w.WriteStartArray("coding"u8);
        Coding(w, system, code, display);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Coding(Utf8JsonWriter w, string? system, string? code, string? display)
    {
        w.WriteStartObject();
        if (system is not null) w.WriteString("system"u8, system);
        if (code is not null) w.WriteString("code"u8, code);
        if (display is not null) w.WriteString("display"u8, display);
        w.WriteEndObject();
    }

    /// <summary>{"reference": ...} as a property (<paramref name="name"/>) or, with an empty name, as an array element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Reference(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? reference, string? display = null)
    {
        if (name.IsEmpty) w.WriteStartObject(); else w.WriteStartObject(name);
        if (reference is not null) w.WriteString("reference"u8, reference);
        if (display is not null) w.WriteString("display"u8, display);
        w.WriteEndObject();
    }
}
