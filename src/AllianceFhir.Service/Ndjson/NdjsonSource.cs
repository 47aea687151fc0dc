namespace AllianceFhir.Service.Ndjson;

/// <summary>
/// Reads an ndjson file, or every *.ndjson file in a folder as a Bulk Data export lays them out, one line at a
/// time: memory does not grow with the input.
/// </summary>
public sealed class NdjsonSource
{
    private readonly IReadOnlyList<string> _files;

    private readonly int _maxLineBytes;

    private readonly Func<AllianceFhir.Core.Scoring.OversizeResponseScanner>? _scanner;

    /// <param name="scanner">Scans over-size lines for their safety fields as they are skipped (null: not scanned).</param>
    public NdjsonSource(string path, int maxLineBytes = NdjsonLineReader.DefaultMaxLineBytes, Func<AllianceFhir.Core.Scoring.OversizeResponseScanner>? scanner = null)
    {
        _maxLineBytes = maxLineBytes;
        _scanner = scanner;
        if (File.Exists(path)) _files = [path];
        else if (Directory.Exists(path))
        {
            _files = Directory.EnumerateFiles(path, "*.ndjson").Order(StringComparer.Ordinal).ToList();
            if (_files.Count == 0) throw new ArgumentException($"--input: folder '{path}' holds no *.ndjson files");
        }
        else throw new ArgumentException($"--input: '{path}' does not exist");
    }

    public IReadOnlyList<string> Files => _files;

    public long TotalBytes => _files.Sum(f => new FileInfo(f).Length);

    /// <summary>Bytes consumed so far, for a progress bar.</summary>
    public long BytesRead { get; private set; }

    public IEnumerable<NdjsonLine> ReadLines(bool transient = false)
    {
        long done = 0;
        foreach (var file in _files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            foreach (var line in NdjsonLineReader.Read(stream, Path.GetFileName(file), _maxLineBytes, at => BytesRead = done + at, _scanner, transient))
                yield return line;
            done += stream.Length;
            BytesRead = done;
        }
    }
}
