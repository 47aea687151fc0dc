using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Scoring;

/// <summary>A struct: held by value in the scorer's per-thread answer dictionary (issue 12: no object per item per line).</summary>
internal readonly record struct ItemAnswer(InstrumentItem Item, decimal Ordinal, string? Display);
