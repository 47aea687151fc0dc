using AllianceFhir.Service.Scoring;

namespace AllianceFhir.Service.Tests.Scoring;

/// <summary>
/// The score pipeline's buffer (a batch's lines, a batch's output, an end-phase slice): whatever is written through
/// <c>GetSpan</c> or <c>GetMemory</c> must be there afterwards, also when a write makes it outgrow its array (a line
/// copied into the array it had just left would be lost, and the bytes in its place would be whatever that pooled
/// array held before: another batch's line).
/// </summary>
public sealed class PooledByteBufferTests
{
    private static byte[] Expected(int chunks, int chunk) =>
        Enumerable.Range(0, chunks).SelectMany(c => Enumerable.Repeat((byte)('a' + c % 26), chunk)).ToArray();

    [Fact]
    public void GetSpan_WhenWritesOutgrowTheFirstArray_ThenEveryByteIsKept()
    {
        using var buffer = new PooledByteBuffer(256);

        for (var c = 0; c < 40; c++)
        {
            var span = buffer.GetSpan(100);
            span[..100].Fill((byte)('a' + c % 26));
            buffer.Advance(100);
        }

        Assert.Equal(Expected(40, 100), buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void GetMemory_WhenWritesOutgrowTheFirstArray_ThenEveryByteIsKept()
    {
        using var buffer = new PooledByteBuffer(256);

        for (var c = 0; c < 40; c++)
        {
            var memory = buffer.GetMemory(100);
            memory.Span[..100].Fill((byte)('a' + c % 26));
            buffer.Advance(100);
        }

        Assert.Equal(Expected(40, 100), buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Clear_WhenWrittenAgain_ThenOnlyTheNewBytes()
    {
        using var buffer = new PooledByteBuffer(256);
        buffer.Write((byte)'a');
        buffer.Write((byte)'b');

        buffer.Clear();
        buffer.Write((byte)'c');

        Assert.Equal("c"u8.ToArray(), buffer.WrittenSpan.ToArray());
    }
}
