using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Scoring;

internal sealed record ItemAnswer(InstrumentItem Item, decimal Ordinal, string? Display);
