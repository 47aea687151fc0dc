namespace AllianceFhir.Service.Ndjson;

/// <summary>
/// One non-empty line of an ndjson file, with where it came from (1-based line number). A line longer than the
/// limit is not read into memory: <see cref="Text"/> is empty and <see cref="TooLargeBytes"/> holds its size.
/// <see cref="Utf8"/> holds the line's own bytes (no trailing '\r') when the reader kept them, for the hot path's reader.
/// </summary>
public readonly record struct NdjsonLine(string File, long LineNumber, string Text, long TooLargeBytes = 0, ReadOnlyMemory<byte> Utf8 = default)
{
    public bool IsTooLarge => TooLargeBytes > 0;
}
