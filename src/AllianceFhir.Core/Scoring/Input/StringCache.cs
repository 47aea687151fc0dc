using System.Runtime.CompilerServices;

namespace AllianceFhir.Core.Scoring.Input;

/// <summary>
/// The strings a form filler repeats on every line (linkIds, item texts, answer systems, codes and displays), kept
/// once per thread so that reading a line does not allocate them again (issue 12: per-line allocations). Bounded:
/// at most <see cref="MaxEntries"/> strings of at most <see cref="MaxLength"/> characters each (about 2 MB); once
/// full it only hands out new strings. Never used for ids, references or dates, which differ on every line.
/// </summary>
internal sealed class StringCache
{
    /// <summary>Enough for every item and answer of every form in the catalogue, several times over.</summary>
    public const int MaxEntries = 4096;

    /// <summary>Longer values are not kept (an item text is a sentence or two).</summary>
    public const int MaxLength = 256;

    [ThreadStatic]
    private static StringCache? _current;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private StringCache() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>This thread's cache.</summary>
    public static StringCache Current => _current ??= new StringCache();

    public int Count => _strings.Count;

    /// <summary>The string with these characters: the kept one when there is one, else a new one (kept while there is room).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Get(ReadOnlySpan<char> chars)
    {
        if (chars.Length > MaxLength) return new string(chars);
        if (_lookup.TryGetValue(chars, out var kept)) return kept;
        var value = new string(chars);
        if (_strings.Count < MaxEntries) _strings[value] = value;
        return value;
    }
}
