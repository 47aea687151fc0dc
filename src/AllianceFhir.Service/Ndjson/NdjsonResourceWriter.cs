using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Service.Ndjson;

/// <summary>
/// Writes resources as ndjson, one file per resource type ({Type}.ndjson), opened on first use. Serializes
/// straight to UTF-8 on the file stream: no intermediate string per resource.
/// </summary>
public sealed class NdjsonResourceWriter(string folder) : IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly FhirJsonSerializer _serializer = new();
    private readonly Dictionary<string, (FileStream Stream, Utf8JsonWriter Json)> _files = new(StringComparer.Ordinal);

    public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    public void Write(Resource resource)
    {
        var (stream, json) = Open(resource.TypeName);
        _serializer.Serialize(resource, json);
        json.Flush();
        json.Reset(stream);
        stream.Write(NewLine);
        Count(resource.TypeName);
    }

    /// <summary>A resource written by <paramref name="write"/> straight to the file's JSON writer (the hot path's writers).</summary>
    public void Write<TState>(string typeName, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var (stream, json) = Open(typeName);
        write(json, state);
        json.Flush();
        json.Reset(stream);
        stream.Write(NewLine);
        Count(typeName);
    }

    public void WriteLine(string fileStem, string line)
    {
        var (stream, _) = Open(fileStem);
        stream.Write(Encoding.UTF8.GetBytes(line));
        stream.Write(NewLine);
        Count(fileStem);
    }

    private (FileStream Stream, Utf8JsonWriter Json) Open(string fileStem)
    {
        if (_files.TryGetValue(fileStem, out var file)) return file;
        Directory.CreateDirectory(folder);
        var stream = new FileStream(Path.Combine(folder, fileStem + ".ndjson"), FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        file = (stream, new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }));
        _files[fileStem] = file;
        return file;
    }

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
