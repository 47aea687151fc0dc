using System.IO.Hashing;
using System.Runtime.CompilerServices;

namespace AllianceFhir.Core.Scoring.Input;

/// <summary>
/// Per thread, the leaf items (no nested items under the item or its answers) <see cref="ResponseInputReader"/> has
/// read, keyed by their exact UTF-8 bytes: a form filler writes the same item objects (linkId, text, one answer) on
/// every line, so an item whose bytes were read and checked before is skipped, not parsed and checked again, and its
/// <see cref="ItemInput"/> is shared (issue 12: reading was a third of a worker's time on the score bench). Only items
/// the reader accepted are kept, and a leaf's reading depends on its bytes alone, so a hit reads what a parse would.
/// Each kept item's repeat hash (<see cref="ContentRepeatHash"/>) is kept beside it. Bounded as
/// <see cref="StringCache"/>: at most <see cref="MaxEntries"/> items of at most <see cref="MaxBytes"/> bytes (about
/// 4 MB); once full, nothing more is kept, and an input of ever-new items costs a skip per item more than before.
/// </summary>
internal sealed class ItemInputCache
{
    public const int MaxEntries = 4096;

    /// <summary>Longer items are not kept (an item with its text and one coded answer is a few hundred bytes).</summary>
    public const int MaxBytes = 1024;

    /// <summary>How deep a kept leaf's JSON nests: the item, its answers, an answer, its valueCoding.</summary>
    public const int LeafJsonDepth = 4;

    /// <summary>The bytes <see cref="TryGetAt"/> looks up first: an item's start (its linkId and the text's start).</summary>
    private const int PrefixBytes = 32;

    /// <summary>
    /// At most this many items are compared for the same first bytes (a coded item has four or five answers, a 0–10
    /// scale eleven); an item beyond them is still found by its bytes once skipped, so crafted input cannot make a
    /// lookup long.
    /// </summary>
    private const int MaxItemsPerPrefix = 12;

    [ThreadStatic]
    private static ItemInputCache? _current;

    private readonly Dictionary<byte[], ItemInput> _items = new(BytesComparer.Instance);

    private readonly Dictionary<byte[], ItemInput>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    private readonly Dictionary<ItemInput, UInt128> _hashes = new(ReferenceEqualityComparer.Instance);

    /// <summary>By the hash of their first <see cref="PrefixBytes"/> bytes, the kept items starting so, with their bytes.</summary>
    private readonly Dictionary<ulong, KeyValuePair<byte[], ItemInput>[]> _byPrefix = new();

    private ItemInputCache() => _lookup = _items.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>This thread's cache.</summary>
    public static ItemInputCache Current => _current ??= new ItemInputCache();

    public int Count => _items.Count;

    /// <summary>The item read before from exactly these bytes, if kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGet(ReadOnlySpan<byte> utf8, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ItemInput? item)
    {
        if (utf8.Length <= MaxBytes) return _lookup.TryGetValue(utf8, out item);
        item = null;
        return false;
    }

    /// <summary>
    /// The kept item whose bytes <paramref name="rest"/> starts with, and their length, without knowing where the item
    /// starting there ends: a kept item is one whole JSON object, so if its bytes start <paramref name="rest"/>, the
    /// object there is exactly those bytes (no whole object's bytes start another's). The few items kept with the same
    /// first bytes (the same question with another answer) are each compared, byte for byte, with no hash of the whole
    /// item (issue 12: hashing each item's bytes and looking them up was 4 % of <c>score</c>'s time).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetAt(ReadOnlySpan<byte> rest, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ItemInput? item, out int length)
    {
        if (rest.Length >= PrefixBytes && _byPrefix.TryGetValue(Prefix(rest), out var candidates))
        {
            foreach (var candidate in candidates)
                if (rest.StartsWith(candidate.Key))
                {
                    item = candidate.Value;
                    length = candidate.Key.Length;
                    return true;
                }
        }
        item = null;
        length = 0;
        return false;
    }

    /// <summary>Keeps <paramref name="item"/>, read and accepted from <paramref name="utf8"/>, while there is room.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<byte> utf8, ItemInput item)
    {
        if (utf8.Length > MaxBytes || _items.Count >= MaxEntries) return;
        var bytes = utf8.ToArray();
        if (!_items.TryAdd(bytes, item)) return;
        _hashes[item] = ContentRepeatHash.OfItem(item);
        if (utf8.Length < PrefixBytes) return;
        ref var candidates = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_byPrefix, Prefix(utf8), out _);
        var kept = new KeyValuePair<byte[], ItemInput>(bytes, item);
        if (candidates is null) candidates = [kept];
        else if (candidates.Length < MaxItemsPerPrefix) candidates = [.. candidates, kept];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Prefix(ReadOnlySpan<byte> utf8) => XxHash3.HashToUInt64(utf8[..PrefixBytes], BytesComparer.Seed);

    /// <summary>The repeat hash of a kept item (this very instance); false for any other.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetHash(ItemInput item, out UInt128 hash) => _hashes.TryGetValue(item, out hash);

    /// <summary>Byte-wise equality; the hash seeded per process, so crafted input cannot pile its items on one bucket.</summary>
    private sealed class BytesComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly BytesComparer Instance = new();

        public static readonly long Seed = Random.Shared.NextInt64();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode(obj.AsSpan());

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => (int)XxHash3.HashToUInt64(alternate, Seed);

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
