using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using AllianceFhir.Core.Scoring;

namespace AllianceFhir.Service.Ndjson;

/// <summary>
/// Splits a UTF-8 stream into lines at '\n' (a trailing '\r' is dropped), holding at most <c>maxLineBytes</c> of one
/// line: a longer line is skipped to its end and returned as too large, so one 50 MB line cannot take memory to
/// gigabytes. A UTF-8 byte-order mark at the start of the stream is dropped (as StreamReader does); invalid UTF-8 is
/// decoded to U+FFFD (as StreamReader does), so the JSON reader reports it. With <c>scanner</c>, an over-size line is
/// streamed through an <see cref="OversizeResponseScanner"/> as it is skipped, so its safety fields are still read
/// (issue 10 §2: PHQ-9 item 9 is never missed), in bounded memory.
/// </summary>
public static class NdjsonLineReader
{
    /// <summary>
    /// The default limit on one line: 16 MiB. A PHQ-9 or GAD-7 QuestionnaireResponse is a few kilobytes; even a
    /// 10,000-item response is about 1 MB, so no real response is near this (measured on the bench's inputs).
    /// </summary>
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    public static IEnumerable<NdjsonLine> Read(Stream stream, string name, int maxLineBytes, Action<long>? position = null, Func<OversizeResponseScanner>? scanner = null, bool transient = false)
    {
        var chunk = new byte[1 << 16];
        var line = new ArrayBufferWriter<byte>(1 << 12);
        long number = 1, lineBytes = 0;
        var first = true;
        OversizeResponseScanner? scan = null;
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            var start = 0;
            if (first)
            {
                first = false;
                if (chunk.AsSpan(0, read).StartsWith("\uFEFF"u8)) start = 3;
            }
            while (start < read)
            {
                var end = chunk.AsSpan(start, read - start).IndexOf((byte)'\n');
                var length = end < 0 ? read - start : end;
                lineBytes += length;
                if (lineBytes <= maxLineBytes) line.Write(chunk.AsSpan(start, length));
                else
                {
                    if (scanner is not null && scan is null)
                    {
                        // Over the limit: what was held goes to the scanner first, then the rest as it streams past.
                        scan = scanner();
                        scan.Feed(line.WrittenSpan);
                        scan.Feed(chunk.AsSpan(start, length));
                    }
                    else scan?.Feed(chunk.AsSpan(start, length));
                    if (line.WrittenCount > 0) line.Clear(); // over the limit: what was held is let go
                }
                if (end < 0) break;
                start += end + 1;
                var done = Emit(name, number, line, lineBytes, scan, transient);
                scan = null;
                number++;
                lineBytes = 0;
                line.ResetWrittenCount(); // not Clear (it zeroes the bytes): a transient line's bytes stay until the next write
                if (done is { } ready)
                {
                    position?.Invoke(stream.CanSeek ? stream.Position : 0);
                    yield return ready;
                }
            }
        }
        if (Emit(name, number, line, lineBytes, scan, transient) is { } last) yield return last;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static NdjsonLine? Emit(string name, long number, ArrayBufferWriter<byte> line, long lineBytes, OversizeResponseScanner? scan, bool transient)
    {
        if (lineBytes > line.WrittenCount)
        {
            var scanned = scan?.Complete();
            return new NdjsonLine(name, number, "", lineBytes, Scan: scanned is null ? null : new OversizeScan(scan!.ResourceType, scan.Id, scanned, scan.Problem));
        }
        var bytes = line.WrittenMemory;
        if (bytes.Length > 0 && bytes.Span[^1] == (byte)'\r') bytes = bytes[..^1];
        // The text is decoded only when asked for (NdjsonLine.Text): the hot path reads the bytes. A transient line's
        // bytes are the reader's own, valid until the next line is asked for (issue 12: score copies them into its
        // batch's pooled buffer rather than allocate an array per line).
        return IsWhiteSpace(bytes.Span) ? null : new NdjsonLine(name, number, null!, Utf8: transient ? bytes : bytes.ToArray());
    }

    /// <summary>
    /// Whether the line is empty or white space only, as <see cref="string.IsNullOrWhiteSpace"/> says of its text: a
    /// line with a printable ASCII byte (a JSON line's '{') is not, without decoding it; otherwise it is decoded and asked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool IsWhiteSpace(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            if (b is > 0x20 and < 0x7F) return false;
        return string.IsNullOrWhiteSpace(Encoding.UTF8.GetString(bytes));
    }
}
