using System.Runtime.CompilerServices;

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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public AnswerOption? FindAnswer(string? system, string? code)
    {
        // A loop, not FirstOrDefault with a lambda: called for every answer of every line (issue 12: no closure per answer).
        for (var i = 0; i < AnswerOptions.Count; i++)
            if (AnswerOptions[i].Coding.Matches(system, code)) return AnswerOptions[i];
        return null;
    }

    public bool AllowsOrdinal(decimal ordinal)
    {
        if (Kind != ItemKind.Coded) return ordinal >= (Min ?? decimal.MinValue) && ordinal <= (Max ?? decimal.MaxValue);
        for (var i = 0; i < AnswerOptions.Count; i++) // a loop: called per numeric answer (issue 12: no closure)
            if (AnswerOptions[i].Ordinal == ordinal) return true;
        return false;
    }
}
