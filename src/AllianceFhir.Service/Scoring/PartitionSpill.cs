using System.Text;
using AllianceFhir.Service.Ndjson;

namespace AllianceFhir.Service.Scoring;

/// <summary>
/// <c>score</c>'s first pass writes each input line, as read, into one of <c>K</c> partition files on disk (chosen by
/// <see cref="PatientPartition"/>); the second pass reads one partition back at a time, in the order its lines were
/// read. A record holds the line's file, line number and bytes; an over-size line (never read whole) holds its size
/// and what the safety scan read of it. The folder is <c>.spill-*</c> under the output folder (beside outputs of the
/// same size, not under /tmp, which may be memory-backed) and is deleted on <see cref="Dispose"/>, after a failure too;
/// each partition file is deleted once read.
/// </summary>
internal sealed class PartitionSpill : IDisposable
{
    private const byte LineRecord = 0, TooLargeRecord = 1;
    private readonly DirectoryInfo _folder;
    private readonly BinaryWriter?[] _writers;
    private readonly Dictionary<string, int> _fileIndex = new(StringComparer.Ordinal);
    private readonly List<string> _fileNames = [];

    public PartitionSpill(string outputFolder, int count)
    {
        _folder = Directory.CreateDirectory(Path.Combine(outputFolder, $".spill-{Guid.NewGuid():N}"));
        _writers = new BinaryWriter?[count];
    }

    public int Count => _writers.Length;

    /// <summary>Bytes written to all partitions so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Bytes of the partitions read back so far (the one being read included), for a progress bar.</summary>
    public long BytesRead { get; private set; }

    public void Add(NdjsonLine line, int partition)
    {
        var writer = _writers[partition] ??= new BinaryWriter(new FileStream(PathOf(partition), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), Encoding.UTF8);
        var start = writer.BaseStream.Position;
        writer.Write(line.IsTooLarge ? TooLargeRecord : LineRecord);
        writer.Write(FileIndex(line.File));
        writer.Write(line.LineNumber);
        if (line.IsTooLarge)
        {
            writer.Write(line.TooLargeBytes);
            writer.Write(line.Scan is not null);
            if (line.Scan is { } scan)
            {
                WriteNullable(writer, scan.ResourceType);
                WriteNullable(writer, scan.Id);
                writer.Write(scan.SafetyJson);
                WriteNullable(writer, scan.Problem);
            }
        }
        else
        {
            var bytes = line.Utf8.IsEmpty ? Encoding.UTF8.GetBytes(line.Text) : line.Utf8.Span;
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
        BytesWritten += writer.BaseStream.Position - start;
    }

    /// <summary>Ends the first pass: every partition file is closed, ready to be read.</summary>
    public void CompleteWriting()
    {
        for (var i = 0; i < _writers.Length; i++)
        {
            _writers[i]?.Dispose();
            _writers[i] = null;
        }
    }

    /// <summary>One partition's lines in the order they were added; the file is deleted once read to its end.</summary>
    public IEnumerable<NdjsonLine> Read(int partition, bool transient = false)
    {
        var path = PathOf(partition);
        if (!File.Exists(path)) yield break;
        var before = BytesRead;
        var held = transient ? new byte[1 << 12] : [];
        using (var reader = new BinaryReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16, FileOptions.SequentialScan), Encoding.UTF8))
        {
            var stream = reader.BaseStream;
            while (stream.Position < stream.Length)
            {
                var kind = reader.ReadByte();
                var file = _fileNames[reader.ReadInt32()];
                var number = reader.ReadInt64();
                NdjsonLine line;
                if (kind == TooLargeRecord)
                {
                    var size = reader.ReadInt64();
                    var scan = reader.ReadBoolean()
                        ? new OversizeScan(ReadNullable(reader), ReadNullable(reader), reader.ReadString(), ReadNullable(reader))
                        : null;
                    line = new NdjsonLine(file, number, "", size, Scan: scan);
                }
                else
                {
                    var length = reader.ReadInt32();
                    ReadOnlyMemory<byte> bytes;
                    if (transient)
                    {
                        // Valid until the next line is asked for, as the line reader's transient lines (issue 12: no array per line).
                        if (held.Length < length) held = new byte[Math.Max(length, held.Length * 2)];
                        reader.BaseStream.ReadExactly(held, 0, length);
                        bytes = held.AsMemory(0, length);
                    }
                    else bytes = reader.ReadBytes(length);
                    line = new NdjsonLine(file, number, null!, Utf8: bytes); // decoded only when asked for, as the line reader leaves it (NdjsonLine.Text)
                }
                BytesRead = before + stream.Position;
                yield return line;
            }
        }
        File.Delete(path);
    }

    public void Dispose()
    {
        foreach (var writer in _writers) writer?.Dispose();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // already gone
        }
    }

    private string PathOf(int partition) => Path.Combine(_folder.FullName, $"{partition:D5}.bin");

    private int FileIndex(string file)
    {
        if (!_fileIndex.TryGetValue(file, out var index))
        {
            _fileIndex[file] = index = _fileNames.Count;
            _fileNames.Add(file);
        }
        return index;
    }

    private static void WriteNullable(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null) writer.Write(value);
    }

    private static string? ReadNullable(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
