namespace AllianceFhir.Core.Catalogue;

public enum ItemKind
{
    /// <summary>A choice item answered with a coding that maps to an ordinal value.</summary>
    Coded,
    /// <summary>An integer or decimal item answered with a number within [Min, Max].</summary>
    Numeric,
    /// <summary>A read-only item whose value the form calculates (a total); the scorer recomputes it.</summary>
    Calculated,
    /// <summary>Display or group items that carry no answer.</summary>
    Other,
}
