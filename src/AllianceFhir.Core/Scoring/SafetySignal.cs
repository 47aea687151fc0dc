using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Scoring;

public sealed record SafetySignal(SafetyStatus Status, InstrumentItem Item, decimal? Ordinal, string? AnswerDisplay);
