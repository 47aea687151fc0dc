using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Service.Ndjson;

/// <summary>Writes resources as ndjson, one file per resource type ({Type}.ndjson), opened on first use.</summary>
public sealed class NdjsonResourceWriter(string folder) : IDisposable
{
    private readonly FhirJsonSerializer _serializer = new();
    private readonly Dictionary<string, StreamWriter> _writers = new(StringComparer.Ordinal);

    public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    public void Write(Resource resource) => WriteLine(resource.TypeName, _serializer.SerializeToString(resource));

    public void WriteLine(string fileStem, string json)
    {
        if (!_writers.TryGetValue(fileStem, out var writer))
        {
            Directory.CreateDirectory(folder);
            writer = new StreamWriter(Path.Combine(folder, fileStem + ".ndjson"), append: false) { NewLine = "\n" };
            _writers[fileStem] = writer;
        }
        writer.WriteLine(json);
        Counts[fileStem] = Counts.GetValueOrDefault(fileStem) + 1;
    }

    public void Dispose()
    {
        foreach (var writer in _writers.Values) writer.Dispose();
        _writers.Clear();
    }
}
