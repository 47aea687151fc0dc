using System.Runtime.CompilerServices;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Service.Ingest;

/// <summary>
/// Bulk Data <c>deleted</c> files in an export folder: every <c>*.ndjson</c> under <c>deleted/</c>, and the files the
/// folder's <c>manifest.json</c> lists under <c>deleted</c> (by file name, beside the manifest). Each line is a Bundle
/// whose entries have <c>request.method</c> DELETE and <c>request.url</c> <c>Type/id</c> (Bulk Data Access IG, export
/// manifest, "deleted"). A deleted QuestionnaireResponse comes back as a stand-in with its id and status
/// <c>entered-in-error</c>, so it is retracted like one (issue 9 §2, docs/adr/0009-following-the-record.md).
/// Only QuestionnaireResponse: a deleted EHR total cannot be matched to its series without its code (ADR 0009).
/// </summary>
internal static class DeletedFiles
{
    private static readonly FhirJsonSerializer Serializer = new();

    public static async IAsyncEnumerable<EhrEntry> ReadAsync(string folder, string resourceType, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken ct)
    {
        if (resourceType != "QuestionnaireResponse") yield break;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Files(folder))
        {
            var number = 0;
            await foreach (var line in File.ReadLinesAsync(file, ct))
            {
                number++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                var source = $"{Path.GetRelativePath(folder, file)} line {number}";
                var (deletions, error) = Parse(line.TrimStart('\uFEFF'), resourceType);
                if (error is not null)
                {
                    yield return new EhrEntry(null, null, null, source, error, "Bundle");
                    continue;
                }
                foreach (var (id, at) in deletions!)
                {
                    if (since is not null && at is not null && at <= since) continue;
                    if (!seen.Add(id)) continue;
                    var standIn = new QuestionnaireResponse { Id = id, Status = QuestionnaireResponse.QuestionnaireResponseStatus.EnteredInError };
                    yield return new EhrEntry(standIn, Serializer.SerializeToString(standIn), at, source, null, resourceType, id, Deleted: true);
                }
            }
        }
    }

    private static IEnumerable<string> Files(string folder)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var deleted = Path.Combine(folder, "deleted");
        if (Directory.Exists(deleted)) files.UnionWith(Directory.EnumerateFiles(deleted, "*.ndjson"));
        var manifest = Path.Combine(folder, "manifest.json");
        if (File.Exists(manifest))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(manifest));
            if (json.RootElement.TryGetProperty("deleted", out var list) && list.ValueKind == JsonValueKind.Array)
                foreach (var item in list.EnumerateArray())
                    if (item.TryGetProperty("url", out var url) && url.GetString() is { Length: > 0 } u
                        && Path.Combine(folder, Path.GetFileName(new Uri(new Uri("file:///"), u).AbsolutePath)) is var local && File.Exists(local))
                        files.Add(local);
        }
        return files;
    }

    /// <summary>The ids of <paramref name="resourceType"/> a deletion Bundle names, with the Bundle's meta.lastUpdated.</summary>
    private static (List<(string Id, DateTimeOffset? At)>? Deletions, string? Error) Parse(string line, string resourceType)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("resourceType", out var type) || type.GetString() != "Bundle")
                return (null, "a deleted-file line that is not a Bundle");
            DateTimeOffset? at = root.TryGetProperty("meta", out var meta) && meta.TryGetProperty("lastUpdated", out var lu) && lu.TryGetDateTimeOffset(out var parsed) ? parsed : null;
            var result = new List<(string, DateTimeOffset?)>();
            if (root.TryGetProperty("entry", out var entries) && entries.ValueKind == JsonValueKind.Array)
                foreach (var entry in entries.EnumerateArray())
                {
                    if (!entry.TryGetProperty("request", out var request)
                        || !request.TryGetProperty("method", out var method) || method.GetString() != "DELETE"
                        || !request.TryGetProperty("url", out var url) || url.GetString() is not { } u) continue;
                    // "Type/id", possibly absolute or with a query: the last two path segments.
                    var segments = u.Split('?')[0].TrimEnd('/').Split('/');
                    if (segments.Length >= 2 && segments[^2] == resourceType && segments[^1].Length > 0) result.Add((segments[^1], at));
                }
            return (result, null);
        }
        catch (JsonException e)
        {
            return (null, $"a deleted-file line that is not JSON: {e.Message}");
        }
    }
}
