using System.Runtime.CompilerServices;
using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.Service.Ndjson;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Service.Ingest;

/// <summary>
/// The embedded default's "EHR": reads a Bulk Data export folder ({Type}.ndjson) and writes to an output folder,
/// answering batch Bundles as a FHIR server would, including conditional create on identifiers already written.
/// No server to install; the same pipeline and write-back run against it as against a live EHR.
/// </summary>
public sealed class NdjsonFolderEndpoint : IEhrEndpoint, AllianceFhir.Reports.IPatientDirectory
{
    private static readonly HashSet<string> Writable = ["Observation", "Flag", "Task", "Communication", "Provenance"];
    private readonly string _input;
    private readonly string _output;
    private readonly Dictionary<string, string> _idsByIdentifier = new(StringComparer.Ordinal);
    private readonly FhirJsonSerializer _serializer = new();
    private readonly FhirJsonDeserializer _deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
    private readonly SemaphoreSlim _write = new(1, 1);

    private readonly int _maxLineBytes;

    private readonly Func<Core.Scoring.OversizeResponseScanner>? _scanner;

    /// <param name="catalogue">When given, an over-size line is scanned for its safety fields as it is skipped (issue 10 §2).</param>
    public NdjsonFolderEndpoint(string input, string output, int maxLineBytes = NdjsonLineReader.DefaultMaxLineBytes, Core.Catalogue.InstrumentCatalogue? catalogue = null)
    {
        _scanner = catalogue is null ? null : () => new Core.Scoring.OversizeResponseScanner(catalogue);
        if (maxLineBytes <= 0) throw new ArgumentException("Source:NdjsonMaxLineBytes must be positive");
        _maxLineBytes = maxLineBytes;
        if (!Directory.Exists(input)) throw new ArgumentException($"--input: folder '{input}' does not exist");
        _input = input;
        _output = output;
        Directory.CreateDirectory(output);
        foreach (var file in Directory.EnumerateFiles(output, "*.ndjson"))
            foreach (var line in File.ReadLines(file).Where(l => l.Length > 0))
                if (_deserializer.DeserializeResource(line) is { } r && Identifier(r) is { } key) _idsByIdentifier[key] = r.Id!;
    }

    public string Name => $"ndjson:{Path.GetFileName(Path.GetFullPath(_input))}";

    public Task<EhrWriteCapabilities> WriteCapabilitiesAsync(CancellationToken ct) =>
        System.Threading.Tasks.Task.FromResult(new EhrWriteCapabilities(Writable, Writable, Batch: true, Transaction: false, Updatable: Writable));

    public async IAsyncEnumerable<EhrEntry> ChangedSinceAsync(string resourceType, DateTimeOffset? since, IReadOnlyList<string>? codes, [EnumeratorCancellation] CancellationToken ct)
    {
        var file = Path.Combine(_input, resourceType + ".ndjson");
        var present = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(file))
            await foreach (var entry in ReadOutputAsync(file, resourceType, since, codes, ct))
            {
                if (entry.ResourceId is not null) present.Add(entry.ResourceId);
                yield return entry;
            }
        // Bulk Data deletions: a resource exported again is present now, so its own line wins over a deletion.
        await foreach (var deleted in DeletedFiles.ReadAsync(_input, resourceType, since, ct))
            if (!present.Contains(deleted.ResourceId!)) yield return deleted;
    }

    private async IAsyncEnumerable<EhrEntry> ReadOutputAsync(string file, string resourceType, DateTimeOffset? since, IReadOnlyList<string>? codes, [EnumeratorCancellation] CancellationToken ct)
    {
        var parser = new ResourceLineParser(new HashSet<string> { resourceType });
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        foreach (var read in NdjsonLineReader.Read(stream, Path.GetFileName(file), _maxLineBytes, scanner: _scanner))
        {
            ct.ThrowIfCancellationRequested();
            var source = $"{resourceType}.ndjson line {read.LineNumber}";
            if (read.IsTooLarge)
            {
                // Not read into memory: quarantined with where and why. Its safety fields were scanned as it streamed past:
                // that small JSON is what the safety reader reads, so a positive item 9 still alerts (issue 10 §2).
                var why = $"line-too-large: {read.TooLargeBytes:N0} bytes, over the {_maxLineBytes:N0}-byte limit (Source:NdjsonMaxLineBytes); too large to read: review by hand";
                yield return read.Scan is { } scan
                    ? new EhrEntry(null, scan.SafetyJson, null, source, $"{why} (its safety item was scanned)", scan.ResourceType, scan.Id)
                    : new EhrEntry(null, null, null, source, why, resourceType);
                continue;
            }
            var line = read.Text;
            var parsed = parser.Parse(line);
            var json = line.Length > 0 && line[0] == '\uFEFF' ? line[1..] : line; // a byte-order mark is skipped (ResourceLineParser)
            if (parsed.Resource is null)
            {
                // The raw JSON is kept: the safety reader still reads item 9 from a response that did not parse. The reason
                // starts with the code `score` reports for the same line (invalid-json, not-fhir, invalid-resource).
                yield return new EhrEntry(null, parsed.ResourceType is null ? null : json, null, source,
                    parsed.Rejection is { } rejection ? $"{rejection.Code}: {rejection.Message}" : $"not a {resourceType}", parsed.ResourceType);
                continue;
            }
            var lastUpdated = parsed.Resource.Meta?.LastUpdated;
            if (since is not null && lastUpdated is not null && lastUpdated <= since) continue;
            if (codes is { Count: > 0 } && parsed.Resource is Observation o && !o.Code.Coding.Any(c => codes.Contains($"{c.System}|{c.Code}"))) continue;
            yield return new EhrEntry(parsed.Resource, json, lastUpdated, source, null, resourceType, parsed.Resource.Id);
        }
    }

    /// <summary>Patients from Patient.ndjson in the input folder (none when it has no such file); unreadable lines are skipped.</summary>
    public async IAsyncEnumerable<Patient> PatientsAsync(IReadOnlyCollection<string> references, [EnumeratorCancellation] CancellationToken ct)
    {
        var file = Path.Combine(_input, "Patient.ndjson");
        if (!File.Exists(file)) yield break;
        var wanted = references.ToHashSet(StringComparer.Ordinal);
        var parser = new ResourceLineParser(new HashSet<string> { "Patient" });
        await foreach (var line in File.ReadLinesAsync(file, ct))
        {
            if (string.IsNullOrWhiteSpace(line) || !wanted.Contains($"Patient/{TopLevelId(line)}")) continue;
            if (parser.Parse(line).Resource is Patient p && wanted.Contains($"Patient/{p.Id}")) yield return p;
        }
    }

    /// <summary>
    /// The line's top-level <c>id</c>, read without FHIR parsing: each batch reads the whole file, and only its own
    /// patients are worth the strict parse. A line that is not JSON is left to the parser (null here).
    /// </summary>
    private static string? TopLevelId(string line)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            return json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && json.RootElement.TryGetProperty("id", out var id)
                ? id.ToString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public async Task<Bundle> PostBatchAsync(Bundle batch, CancellationToken ct)
    {
        await _write.WaitAsync(ct);
        try
        {
            var response = new Bundle { Type = Bundle.BundleType.BatchResponse };
            foreach (var entry in batch.Entry)
                response.Entry.Add(entry.Request?.Method switch
                {
                    Bundle.HTTPVerb.GET => Search(entry.Request.Url!),
                    Bundle.HTTPVerb.PUT => await UpdateAsync(entry, ct),
                    _ => await CreateAsync(entry, ct),
                });
            return response;
        }
        finally
        {
            _write.Release();
        }
    }

    private Bundle.EntryComponent Search(string url)
    {
        var type = url[..url.IndexOf('?')];
        var identifier = Uri.UnescapeDataString(url.Split("identifier=")[1].Split('&')[0]);
        var searchset = new Bundle { Type = Bundle.BundleType.Searchset };
        if (_idsByIdentifier.TryGetValue($"{type}|{identifier}", out var id))
            searchset.Entry.Add(new Bundle.EntryComponent { Resource = CreateEmpty(type, id) });
        return new Bundle.EntryComponent { Resource = searchset, Response = new Bundle.ResponseComponent { Status = "200 OK" } };
    }

    private async Task<Bundle.EntryComponent> CreateAsync(Bundle.EntryComponent entry, CancellationToken ct)
    {
        var resource = (Resource)entry.Resource!.DeepCopy();
        var key = Identifier(resource);
        if (key is not null && _idsByIdentifier.TryGetValue(key, out var existing))
            return new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = "200 OK", Location = $"{resource.TypeName}/{existing}" } };
        // Deterministic: the same identifier gets the same id in every run of the embedded default.
        resource.Id = key is null ? Guid.NewGuid().ToString("n") : Core.Resources.ResourceIds.For("ndjson", key);
        await File.AppendAllTextAsync(Path.Combine(_output, resource.TypeName + ".ndjson"), _serializer.SerializeToString(resource) + "\n", ct);
        if (key is not null) _idsByIdentifier[key] = resource.Id;
        return new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = "201 Created", Location = $"{resource.TypeName}/{resource.Id}/_history/1" } };
    }

    /// <summary>
    /// A revision appends the new state under the same id: the output reads as a Bulk Data export that carries a resource
    /// twice, where the later line wins (docs/adr/0009-following-the-record.md).
    /// </summary>
    private async Task<Bundle.EntryComponent> UpdateAsync(Bundle.EntryComponent entry, CancellationToken ct)
    {
        var resource = (Resource)entry.Resource!.DeepCopy();
        resource.Id = entry.Request!.Url!.Split('/')[1];
        await File.AppendAllTextAsync(Path.Combine(_output, resource.TypeName + ".ndjson"), _serializer.SerializeToString(resource) + "\n", ct);
        if (Identifier(resource) is { } key) _idsByIdentifier[key] = resource.Id;
        return new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = "200 OK", Location = $"{resource.TypeName}/{resource.Id}" } };
    }

    private static string? Identifier(Resource r) => r switch
    {
        Observation or Flag or Hl7.Fhir.Model.Task or Communication => $"{r.TypeName}|{WriteBundles.IdentifierOf(r).System}|{WriteBundles.IdentifierOf(r).Value}",
        _ => null,
    };

    private static Resource CreateEmpty(string type, string id) => type switch
    {
        "Flag" => new Flag { Id = id },
        "Task" => new Hl7.Fhir.Model.Task { Id = id },
        "Communication" => new Communication { Id = id },
        _ => new Observation { Id = id },
    };
}
