using System.Buffers;
using System.Runtime.CompilerServices;

namespace AllianceFhir.Service.Scoring;

/// <summary>
/// A growable byte buffer on arrays rented from <see cref="ArrayPool{T}.Shared"/>: one per batch of the score pipeline,
/// holding the batch's rendered output until the consumer has copied it, and one per slice of the end phase; then
/// returned (<see cref="Dispose"/>).
/// </summary>
internal sealed class PooledByteBuffer(int initialBytes) : IBufferWriter<byte>, IDisposable
{
    private byte[] _array = ArrayPool<byte>.Shared.Rent(initialBytes);

    public int WrittenCount { get; private set; }

    /// <summary>Everything written since the start or the last <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, WrittenCount);

    /// <summary>Empty again, the array kept.</summary>
    public void Clear() => WrittenCount = 0;

    /// <summary>Bytes written from <paramref name="start"/> on, <paramref name="length"/> of them; valid until <see cref="Dispose"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<byte> Slice(int start, int length) => _array.AsSpan(start, length);

    /// <summary>As <see cref="Slice"/>, to hold on to: valid until the buffer grows or is disposed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlyMemory<byte> Memory(int start, int length) => _array.AsMemory(start, length);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_array.Length - WrittenCount)) throw new ArgumentOutOfRangeException(nameof(count));
        WrittenCount += count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var at = Ensure(sizeHint); // first: it may replace the array (as one expression, the old array would be taken)
        return _array.AsMemory(at);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        var at = Ensure(sizeHint); // as in GetMemory
        return _array.AsSpan(at);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(byte value)
    {
        GetSpan(1)[0] = value;
        WrittenCount++;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Ensure(int sizeHint)
    {
        var need = WrittenCount + Math.Max(sizeHint, 256);
        if (need > _array.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(need, _array.Length * 2));
            _array.AsSpan(0, WrittenCount).CopyTo(grown);
            if (_array.Length > 0) ArrayPool<byte>.Shared.Return(_array); // not the empty array a disposed buffer holds
            _array = grown;
        }
        return WrittenCount;
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        WrittenCount = 0;
        if (array.Length > 0) ArrayPool<byte>.Shared.Return(array);
    }
}
