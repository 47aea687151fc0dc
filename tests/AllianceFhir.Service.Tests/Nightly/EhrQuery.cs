using System.Text.Json;
using AllianceFhir.Testing.FhirServer;

namespace AllianceFhir.Service.Tests.Nightly;

/// <summary>Reads back what the service wrote, straight from the test FHIR server (following next links).</summary>
internal static class EhrQuery
{
    public static async Task<List<JsonElement>> AllAsync(FhirServerProcess server, string resourceType, string query = "")
    {
        using var http = server.CreateHttpClient();
        var result = new List<JsonElement>();
        string? url = $"{resourceType}?_count=1000{(query.Length > 0 ? "&" + query : "")}";
        while (url is not null)
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync(url));
            if (doc.RootElement.TryGetProperty("entry", out var entries))
                result.AddRange(entries.EnumerateArray().Select(e => e.GetProperty("resource").Clone()));
            url = doc.RootElement.TryGetProperty("link", out var links)
                ? links.EnumerateArray().Where(l => l.GetProperty("relation").GetString() == "next").Select(l => l.GetProperty("url").GetString()).FirstOrDefault()
                : null;
        }
        return result;
    }

    public static string? Identifier(JsonElement resource, string system) =>
        resource.TryGetProperty("identifier", out var ids)
            ? ids.EnumerateArray().Where(i => i.TryGetProperty("system", out var s) && s.GetString() == system).Select(i => i.GetProperty("value").GetString()).FirstOrDefault()
            : null;

    public static string Code(JsonElement resource, string element = "code") =>
        resource.GetProperty(element).GetProperty("coding")[0].GetProperty("code").GetString()!;
}
