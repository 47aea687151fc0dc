using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Scoring.Input;

/// <summary>
/// An answer's value as scoring reads it: its FHIR type name ("Coding", "integer", "decimal", "string", or any other
/// type's name, for messages), the coding's system, code, display and carried ordinalValue, or the number or text.
/// </summary>
public sealed record AnswerValue(string TypeName, string? System = null, string? Code = null, string? Display = null,
    decimal? Number = null, decimal? CarriedOrdinal = null, string? Text = null)
{
    public bool IsCoding => TypeName == "Coding";

    public bool IsNumber => TypeName is "integer" or "decimal";

    /// <summary>A Firely value as scoring reads it; null when there is none.</summary>
    public static AnswerValue? From(DataType? value) => value switch
    {
        null => null,
        Coding c => new AnswerValue("Coding", c.System, c.Code, c.Display, CarriedOrdinal: c.GetExtensionValue<FhirDecimal>(CanonicalUrls.OrdinalValue)?.Value),
        Integer i => new AnswerValue("integer", Number: i.Value),
        FhirDecimal d => new AnswerValue("decimal", Number: d.Value),
        FhirString s => new AnswerValue("string", Text: s.Value),
        _ => new AnswerValue(value.TypeName),
    };
}
