namespace AllianceFhir.Core.Catalogue;

public sealed record InstrumentItem(
    string LinkId,
    ItemKind Kind,
    CodeRef? Code,
    IReadOnlyList<AnswerOption> AnswerOptions,
    decimal? Min,
    decimal? Max,
    IReadOnlyList<string> Scales,
    SafetySignalRule? Safety)
{
    public bool IsScored => Scales.Count > 0;

    public AnswerOption? FindAnswer(string? system, string? code) =>
        AnswerOptions.FirstOrDefault(a => a.Coding.Matches(system, code));

    public bool AllowsOrdinal(decimal ordinal) =>
        Kind == ItemKind.Coded ? AnswerOptions.Any(a => a.Ordinal == ordinal) : ordinal >= (Min ?? decimal.MinValue) && ordinal <= (Max ?? decimal.MaxValue);
}
