using System.Runtime.CompilerServices;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Scoring.Input;

namespace AllianceFhir.Core.Scoring;

/// <summary>Turns one answer into an ordinal value, scoring by ordinal and never by the answer's wording.</summary>
internal static class AnswerResolver
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (decimal? Ordinal, string? Display, ScoringIssue? Issue) Resolve(
        Instrument instrument, InstrumentItem item, AnswerValue? value, string location)
    {
        switch (item.Kind)
        {
            case ItemKind.Coded when value is { IsCoding: true } coding:
                return ResolveCoding(instrument, item, coding, location);
            case ItemKind.Coded:
                return Fail("answer-wrong-type", $"item '{item.LinkId}' expects a valueCoding, got {TypeName(value)}", location);
            case ItemKind.Numeric:
                var number = value is { IsNumber: true } ? value.Number : null;
                if (number is null)
                    return Fail("answer-wrong-type", $"item '{item.LinkId}' expects a number, got {TypeName(value)}", location);
                if (!item.AllowsOrdinal(number.Value))
                    return Fail("answer-out-of-range",
                        $"item '{item.LinkId}' answer {number} is outside {item.Min}..{item.Max}", location);
                return (number, null, null);
            default:
                return (null, null, null);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (decimal? Ordinal, string? Display, ScoringIssue? Issue) ResolveCoding(Instrument instrument, InstrumentItem item, AnswerValue coding, string location)
    {
        if (item.FindAnswer(coding.System, coding.Code) is { } option)
            return (option.Ordinal, option.Coding.Display ?? coding.Display, null);

        // Another form of the same instrument may use a different code for the same value on this item.
        if (instrument.OrdinalOfCodeElsewhere(item, coding.System, coding.Code) is { } elsewhere && item.AllowsOrdinal(elsewhere))
            return (elsewhere, coding.Display, null);

        if (coding.System is null && BySystemlessCode(item, coding.Code) is { } bySystemlessCode)
            return (bySystemlessCode.Ordinal, bySystemlessCode.Coding.Display, null);

        if (coding.CarriedOrdinal is { } carried && item.AllowsOrdinal(carried))
            return (carried, coding.Display, null);

        return Fail("answer-out-of-range",
            $"item '{item.LinkId}' answer '{coding.System}|{coding.Code}' is not in its answer list", location);
    }

    /// <summary>
    /// The one answer with this code, whatever its system; null when none or several have it. Its own method: a lambda
    /// here captured the coding, and the closure was made on every call, found or not (issue 12).
    /// </summary>
    private static AnswerOption? BySystemlessCode(InstrumentItem item, string? code)
    {
        AnswerOption? found = null;
        for (var i = 0; i < item.AnswerOptions.Count; i++)
            if (item.AnswerOptions[i].Coding.Code == code)
            {
                if (found is not null) return null;
                found = item.AnswerOptions[i];
            }
        return found;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string TypeName(AnswerValue? value) => value?.TypeName ?? "no value";

    private static (decimal?, string?, ScoringIssue?) Fail(string code, string message, string location) =>
        (null, null, new ScoringIssue(IssueSeverity.Error, code, message, location));
}
