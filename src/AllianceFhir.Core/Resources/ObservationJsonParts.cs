using System.Runtime.CompilerServices;
using System.Text.Json;
using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Resources;

/// <summary>
/// The pieces the fast Observation and alert writers share (issue 12), each as Firely writes it: element order,
/// empty elements left out. Values through <see cref="FhirValues"/>, so a date is the same string as in a POCO.
/// </summary>
internal static class ObservationJsonParts
{
    /// <summary>"resourceType", "id" and, when given, "meta": {"profile": [...]}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Start(Utf8JsonWriter w, ReadOnlySpan<byte> resourceType, string id, string? profile)
    {
        w.WriteStartObject();
        w.WriteString("resourceType"u8, resourceType);
        w.WriteString("id"u8, id);
        if (profile is null) return;
        w.WriteStartObject("meta"u8);
        w.WriteStartArray("profile"u8);
        w.WriteStringValue(profile);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>"identifier": [{"use": "official", "system": ..., "value": ...}] (<see cref="FhirValues.Identifier"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Identifier(Utf8JsonWriter w, string system, string value)
    {
        w.WriteStartArray("identifier"u8);
        w.WriteStartObject();
        w.WriteString("use"u8, "official"u8);
        w.WriteString("system"u8, system);
        w.WriteString("value"u8, value);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>"status": "final", "category": [survey] (<see cref="FhirValues.SurveyCategory"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FinalSurvey(Utf8JsonWriter w)
    {
        w.WriteString("status"u8, "final"u8);
        w.WriteStartArray("category"u8);
        ScoreObservationJson.Concept(w, CanonicalUrls.ObservationCategory, "survey", "Survey");
        w.WriteEndArray();
    }

    /// <summary>
    /// The head every derived Observation (trajectory, rupture, paired outcome) starts with, in Firely's order: <see cref="Start"/>,
    /// <see cref="Identifier"/>, <see cref="FinalSurvey"/>, "code" from the project's code system, "subject", "effectivePeriod".
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SurveyObservationHead(Utf8JsonWriter w, string id, string? profile, string identifierSystem,
        (string Code, string Display, string? Text) code, string subject, DateTimeOffset start, DateTimeOffset? end)
    {
        Start(w, "Observation"u8, id, profile);
        Identifier(w, identifierSystem, id);
        FinalSurvey(w);
        Concept(w, "code"u8, CanonicalUrls.ProjectCodeSystem, code.Code, code.Display, code.Text);
        ScoreObservationJson.Reference(w, "subject"u8, subject);
        Period(w, "effectivePeriod"u8, start, end);
    }

    /// <summary>A CodeableConcept with one coding and an optional text, as property <paramref name="name"/> (or an array element when empty).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Concept(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? system, string? code, string? display, string? text = null)
    {
        if (name.IsEmpty) w.WriteStartObject(); else w.WriteStartObject(name);
        w.WriteStartArray("coding"u8);
        ScoreObservationJson.Coding(w, system, code, display);
        w.WriteEndArray();
        if (text is not null) w.WriteString("text"u8, text);
        w.WriteEndObject();
    }

    /// <summary>A Period with an optional end, each as a FHIR dateTime in UTC (<see cref="FhirValues.DateTime"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Period(Utf8JsonWriter w, ReadOnlySpan<byte> name, DateTimeOffset start, DateTimeOffset? end)
    {
        w.WriteStartObject(name);
        Span<char> text = stackalloc char[FhirValues.DateTimeChars];
        w.WriteString("start"u8, text[..FhirValues.FormatDateTime(start, text)]);
        if (end is { } e) w.WriteString("end"u8, text[..FhirValues.FormatDateTime(e, text)]);
        w.WriteEndObject();
    }

    /// <summary>A score Quantity (<see cref="FhirValues.Score"/>) as property <paramref name="name"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Score(Utf8JsonWriter w, ReadOnlySpan<byte> name, decimal value)
    {
        w.WriteStartObject(name);
        w.WriteNumber("value"u8, value);
        w.WriteString("unit"u8, "{score}"u8);
        w.WriteString("system"u8, ScoreObservationJson.Ucum);
        w.WriteString("code"u8, "{score}"u8);
        w.WriteEndObject();
    }

    /// <summary>"valueCodeableConcept" from the project's code system (<see cref="FhirValues.Project"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ProjectValue(Utf8JsonWriter w, (string Code, string Display) value) =>
        JsonFragments.Write(w, "valueCodeableConcept"u8, JsonFragments.ProjectConcept(value.Code, value.Display));

    /// <summary>"derivedFrom": the points' Observations, <paramref name="count"/> of them from <paramref name="start"/>; nothing when none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DerivedFrom(Utf8JsonWriter w, IReadOnlyList<Trajectories.ScorePoint> points, int start, int count)
    {
        var end = Math.Min(points.Count, start + count);
        if (start >= end) return;
        w.WriteStartArray("derivedFrom"u8);
        for (var i = start; i < end; i++) ScoreObservationJson.Reference(w, default, points[i].SourceReference);
        w.WriteEndArray();
    }

    /// <summary>A component's start: {"code": project code} (<see cref="FhirValues.Component"/>); the caller writes the value and ends it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ComponentStart(Utf8JsonWriter w, string code, string display)
    {
        w.WriteStartObject();
        JsonFragments.Write(w, "code"u8, JsonFragments.ProjectConcept(code, display));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScoreComponent(Utf8JsonWriter w, string code, string display, decimal value)
    {
        ComponentStart(w, code, display);
        Score(w, "valueQuantity"u8, value);
        w.WriteEndObject();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BooleanComponent(Utf8JsonWriter w, string code, string display, bool value)
    {
        ComponentStart(w, code, display);
        w.WriteBoolean("valueBoolean"u8, value);
        w.WriteEndObject();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void IntegerComponent(Utf8JsonWriter w, string code, string display, int value)
    {
        ComponentStart(w, code, display);
        w.WriteNumber("valueInteger"u8, value);
        w.WriteEndObject();
    }

    public static void StringComponent(Utf8JsonWriter w, string code, string display, string value)
    {
        ComponentStart(w, code, display);
        w.WriteString("valueString"u8, value);
        w.WriteEndObject();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void QuantityComponent(Utf8JsonWriter w, string code, string display, decimal value, string unit)
    {
        ComponentStart(w, code, display);
        w.WriteStartObject("valueQuantity"u8);
        w.WriteNumber("value"u8, value);
        w.WriteString("unit"u8, unit);
        w.WriteString("system"u8, ScoreObservationJson.Ucum);
        w.WriteString("code"u8, unit);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
