namespace AllianceFhir.Samples.Catalogue;

/// <summary>A LOINC-coded item of a public-domain instrument (PHQ-9, GAD-7), with its LOINC text.</summary>
internal sealed record LoincItem(string Code, string Text);
