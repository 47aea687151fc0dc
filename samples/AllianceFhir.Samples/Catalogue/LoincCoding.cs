namespace AllianceFhir.Samples.Catalogue;

/// <summary>A LOINC answer (LA code) with its display.</summary>
internal sealed record LoincCoding(string Code, string Display);
