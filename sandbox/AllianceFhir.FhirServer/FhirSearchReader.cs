using System.Text.Json;

namespace AllianceFhir.FhirServer;

/// <summary>
/// Reads every resource a search on the test FHIR server matches, following its <c>next</c> links: how tests, the
/// benchmark and the sandbox EHR's launcher read the test EHR back (the product code has its own pager in
/// AllianceFhir.Ehr, with origin checks and FHIR parsing this does not need).
/// </summary>
public static class FhirSearchReader
{
    /// <param name="http">A client whose BaseAddress is the FHIR base (with a trailing slash).</param>
    /// <param name="query">A search relative to the base, e.g. "Patient?_count=100", or an absolute page URL.</param>
    public static async Task<List<JsonElement>> ReadAllAsync(HttpClient http, string query, CancellationToken cancellationToken = default)
    {
        var result = new List<JsonElement>();
        string? url = query;
        while (url is not null)
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync(url, cancellationToken).ConfigureAwait(false));
            if (doc.RootElement.TryGetProperty("entry", out var entries))
                result.AddRange(entries.EnumerateArray().Select(e => e.GetProperty("resource").Clone()));
            url = doc.RootElement.TryGetProperty("link", out var links)
                ? links.EnumerateArray().Where(l => l.GetProperty("relation").GetString() == "next").Select(l => l.GetProperty("url").GetString()).FirstOrDefault()
                : null;
        }
        return result;
    }
}
