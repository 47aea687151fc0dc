using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Service.Ndjson;

/// <summary>
/// Writes resources as ndjson, one file per resource type ({Type}.ndjson), opened on first use. Serializes
/// straight to UTF-8 into a reused buffer that goes to the file's buffered stream: no intermediate string per resource,
/// and no write to the OS per resource (a JSON writer on a stream flushes the stream itself on every Flush).
/// </summary>
public sealed class NdjsonResourceWriter(string folder) : IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly FhirJsonSerializer _serializer = new();
    private readonly Dictionary<string, (FileStream Stream, Utf8JsonWriter Json)> _files = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 14);

    /// <summary>The file stream's buffer: one write to the OS per this many bytes.</summary>
    private const int FileBufferBytes = 1 << 18;

    public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    public void Write(Resource resource)
    {
        var (stream, json) = Start(resource.TypeName);
        _serializer.Serialize(resource, json);
        Commit(stream, json);
        Count(resource.TypeName);
    }

    /// <summary>A resource written by <paramref name="write"/> straight to the file's JSON writer (the hot path's writers).</summary>
    public void Write<TState>(string typeName, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var (stream, json) = Start(typeName);
        write(json, state);
        Commit(stream, json);
        Count(typeName);
    }

    /// <summary>
    /// A resource already serialized (by a writer with <see cref="JsonOptions"/>, e.g. on another thread), as one line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteRaw(string typeName, ReadOnlySpan<byte> utf8Json)
    {
        var (stream, _) = Open(typeName);
        stream.Write(utf8Json);
        stream.Write(NewLine);
        Count(typeName);
    }

    /// <summary>How every resource line is written (Firely's serializer and the fast writers alike): relaxed escaping, no validation.</summary>
    public static JsonWriterOptions JsonOptions { get; } = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>
    /// <paramref name="count"/> resources already written as ndjson (each line ended by '\n', with <see cref="JsonOptions"/>
    /// and, for a POCO, this writer's serializer settings: the score pipeline's workers render them), copied as they are.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteRaw(string fileStem, ReadOnlySpan<byte> lines, int count)
    {
        var (stream, _) = Open(fileStem);
        stream.Write(lines);
        Counts[fileStem] = Counts.GetValueOrDefault(fileStem) + count;
    }

    public void WriteLine(string fileStem, string line)
    {
        var (stream, _) = Open(fileStem);
        stream.Write(Encoding.UTF8.GetBytes(line));
        stream.Write(NewLine);
        Count(fileStem);
    }

    /// <summary>The file's stream and JSON writer, the writer on an empty buffer (what a failed write left is dropped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (FileStream Stream, Utf8JsonWriter Json) Start(string fileStem)
    {
        var file = Open(fileStem);
        _buffer.ResetWrittenCount();
        file.Json.Reset(_buffer);
        return file;
    }

    /// <summary>The resource just written, and its newline, to the file's buffered stream; the JSON writer ready for the next.</summary>
    private void Commit(FileStream stream, Utf8JsonWriter json)
    {
        json.Flush();
        stream.Write(_buffer.WrittenSpan);
        stream.Write(NewLine);
        _buffer.ResetWrittenCount();
        json.Reset(_buffer);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (FileStream Stream, Utf8JsonWriter Json) Open(string fileStem)
    {
        if (_files.TryGetValue(fileStem, out var file)) return file;
        Directory.CreateDirectory(folder);
        var stream = new FileStream(Path.Combine(folder, fileStem + ".ndjson"), FileMode.Create, FileAccess.Write, FileShare.Read, FileBufferBytes);
        file = (stream, new Utf8JsonWriter(_buffer, JsonOptions));
        _files[fileStem] = file;
        return file;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Count(string fileStem) => Counts[fileStem] = Counts.GetValueOrDefault(fileStem) + 1;

    public void Dispose()
    {
        foreach (var (stream, json) in _files.Values)
        {
            json.Dispose();
            stream.Dispose();
        }
        _files.Clear();
    }
}
