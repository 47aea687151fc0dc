using System.Buffers.Text;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AllianceFhir.Core.Scoring.Input;

/// <summary>
/// <see cref="ResponseInput.RepeatHash"/>: XxHash128 of the content <see cref="ResponseInput.WriteContent"/> writes
/// (everything but id and meta), without writing JSON (issue 12: writing it was 8 % of a worker's time). The fields
/// are laid out self-delimiting (strings and numbers length-prefixed, null marked, lists counted), so two responses
/// lay out the same bytes exactly when WriteContent writes the same bytes for them: strings as their UTF-16 code units
/// (JSON escaping is one-to-one), numbers as the very text the JSON writer writes (<see cref="Utf8Formatter"/>: 1.0
/// and 1 differ there too), authored as its clock ticks and offset (what its round-trip text says). Each item stands
/// as its own hash, so an item <see cref="ItemInputCache"/> kept costs one 16-byte field. Compared within one run
/// only, never stored: the stored hash is <see cref="ResponseInput.ContentHash"/>.
/// </summary>
internal static class ContentRepeatHash
{
    [ThreadStatic]
    private static Layout? _layout;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static UInt128 Of(ResponseInput input)
    {
        var layout = _layout ??= new Layout();
        layout.Position = 0;
        layout.String(input.Questionnaire);
        layout.String(input.Status);
        layout.String(input.Subject);
        if (input.Authored is { } authored)
        {
            layout.Byte(1);
            layout.Long(authored.Ticks);
            layout.Long(authored.Offset.Ticks);
        }
        else layout.Byte(0);
        layout.String(input.Author);
        Items(layout, input.Items);
        return XxHash128.HashToUInt128(layout.Written(0));
    }

    /// <summary>One item's hash (its linkId, text, answers and nested items).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static UInt128 OfItem(ItemInput item) => Item(_layout ??= new Layout(), item);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Items(Layout layout, IReadOnlyList<ItemInput> items)
    {
        layout.Int(items.Count);
        for (var i = 0; i < items.Count; i++) layout.Hash(Item(layout, items[i])); // indexed: an IReadOnlyList's enumerator is boxed
    }

    /// <summary>The item laid out after what is written so far, hashed, and taken off again: nested items nest the same way.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static UInt128 Item(Layout layout, ItemInput item)
    {
        if (ItemInputCache.Current.TryGetHash(item, out var kept)) return kept;
        var start = layout.Position;
        layout.String(item.LinkId);
        layout.String(item.Text);
        layout.Int(item.Answers.Count);
        for (var a = 0; a < item.Answers.Count; a++)
        {
            var answer = item.Answers[a];
            if (answer.Value is { } v)
            {
                layout.Byte(1);
                layout.String(v.TypeName);
                layout.String(v.System);
                layout.String(v.Code);
                layout.String(v.Display);
                layout.Number(v.Number);
                layout.Number(v.CarriedOrdinal);
                layout.String(v.Text);
            }
            else layout.Byte(0);
            Items(layout, answer.Items);
        }
        Items(layout, item.Items);
        var hash = XxHash128.HashToUInt128(layout.Written(start));
        layout.Position = start;
        return hash;
    }

    /// <summary>This thread's bytes to hash, reused line after line (grown when a response needs more).</summary>
    private sealed class Layout
    {
        private byte[] _bytes = new byte[4096];

        public int Position;

        public ReadOnlySpan<byte> Written(int start) => _bytes.AsSpan(start, Position - start);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Byte(byte value) => Room(1)[0] = value;

        public void Int(int value) => MemoryMarshal.Write(Room(sizeof(int)), value);

        public void Long(long value) => MemoryMarshal.Write(Room(sizeof(long)), value);

        public void Hash(UInt128 value) => MemoryMarshal.Write(Room(16), value);

        /// <summary>-1 for null, else the length in UTF-16 code units and the code units.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void String(string? value)
        {
            if (value is null)
            {
                Int(-1);
                return;
            }
            Int(value.Length);
            MemoryMarshal.AsBytes(value.AsSpan()).CopyTo(Room(value.Length * sizeof(char)));
        }

        /// <summary>0 for null, else the length of the text Utf8JsonWriter writes for the number, and that text.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Number(decimal? value)
        {
            if (value is not { } number)
            {
                Byte(0);
                return;
            }
            Span<byte> text = stackalloc byte[64];
            if (!Utf8Formatter.TryFormat(number, text, out var written)) throw new InvalidOperationException("a decimal longer than 64 bytes");
            Byte((byte)written);
            text[..written].CopyTo(Room(written));
        }

        /// <summary>The next <paramref name="length"/> bytes, the position moved past them.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Span<byte> Room(int length)
        {
            if (_bytes.Length - Position < length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Position + length));
            var room = _bytes.AsSpan(Position, length);
            Position += length;
            return room;
        }
    }
}
