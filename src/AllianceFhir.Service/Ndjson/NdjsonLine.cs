using System.Text;

namespace AllianceFhir.Service.Ndjson;

/// <summary>
/// One non-empty line of an ndjson file, with where it came from (1-based line number). A line longer than the
/// limit is not read into memory: <see cref="Text"/> is empty, <see cref="TooLargeBytes"/> holds its size and
/// <see cref="Scan"/> what a streaming scan read of it for safety (when the reader was given a scanner).
/// <see cref="Utf8"/> holds the line's own bytes (no trailing '\r') when the reader kept them, for the hot path's reader.
/// </summary>
public readonly record struct NdjsonLine(string File, long LineNumber, string Text, long TooLargeBytes = 0, ReadOnlyMemory<byte> Utf8 = default, OversizeScan? Scan = null)
{
    /// <summary>
    /// The line as text: as given, or (given null) decoded from <see cref="Utf8"/> each time it is asked for, invalid
    /// UTF-8 as U+FFFD. The reader leaves it to be decoded: the hot path reads the bytes, so most lines never are.
    /// </summary>
    public string Text { get => field ?? Encoding.UTF8.GetString(Utf8.Span); init => field = value; } = Text;

    public bool IsTooLarge => TooLargeBytes > 0;
}
