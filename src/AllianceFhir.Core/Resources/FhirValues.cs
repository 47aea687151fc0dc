using System.Runtime.CompilerServices;
using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Resources;

internal static class FhirValues
{
    public static CodeableConcept Project(string code, string display) => Concept(CanonicalUrls.ProjectCodeSystem, code, display);

    public static CodeableConcept Concept(string system, string code, string display) =>
        new() { Coding = [new Coding(system, code, display)] };

    public static Quantity Score(decimal value) =>
        new() { Value = value, Unit = "{score}", System = CanonicalUrls.Ucum, Code = "{score}" };

    public static Coding ToCoding(this CodeRef code) => new(code.System, code.Code, code.Display);

    public static FhirDateTime DateTime(DateTimeOffset when) => new(when.ToUniversalTime());

    /// <summary>Room for <see cref="FormatDateTime"/>'s text.</summary>
    public const int DateTimeChars = 40;

    /// <summary>
    /// <see cref="DateTime"/>'s value (the same text: test FhirValuesTests) written into <paramref name="into"/> rather
    /// than as a POCO and a string per call (issue 12: once per score written); returns its length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int FormatDateTime(DateTimeOffset when, Span<char> into) => FhirDateTimeText.FormatUtc(when, into);

    public static CodeableConcept SurveyCategory() =>
        Concept(CanonicalUrls.ObservationCategory, "survey", "Survey");

    public static Identifier Identifier(string system, string value) => new(system, value) { Use = Hl7.Fhir.Model.Identifier.IdentifierUse.Official };

    public static Observation.ComponentComponent Component(string code, string display, DataType value) =>
        new() { Code = Project(code, display), Value = value };
}
