using System.Runtime.CompilerServices;

namespace AllianceFhir.Core.Scoring.Input;

/// <summary>
/// Per thread, the coded answers <see cref="ResponseInputReader"/> has read, as a one-answer list: a form repeats the
/// same few codings (system, code, display) on every line, so an item's one coded answer without children is shared,
/// not an <see cref="AnswerValue"/>, an <see cref="AnswerInput"/> and a list per item per line (issue 12: about 1.8 KB
/// allocated a line on the score bench's input). All three are immutable. At most <see cref="MaxEntries"/> codings are
/// kept, as <see cref="StringCache"/> keeps its strings: an input of ever-new codes costs what it did before.
/// </summary>
internal sealed class CodingAnswerCache
{
    public const int MaxEntries = 4096;

    [ThreadStatic]
    private static CodingAnswerCache? _current;

    private readonly Dictionary<(string? System, string? Code, string? Display), AnswerInput[]> _answers = new();

    public static CodingAnswerCache Current => _current ??= new CodingAnswerCache();

    /// <summary>The coding as a one-answer list whose answer has no children.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public AnswerInput[] Get(string? system, string? code, string? display)
    {
        if (_answers.TryGetValue((system, code, display), out var kept)) return kept;
        AnswerInput[] answer = [new AnswerInput(new AnswerValue("Coding", system, code, display), [])];
        if (_answers.Count < MaxEntries) _answers[(system, code, display)] = answer;
        return answer;
    }
}
