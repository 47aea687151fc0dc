namespace AllianceFhir.Core.Catalogue;

public sealed record AnswerOption(CodeRef Coding, decimal Ordinal);
