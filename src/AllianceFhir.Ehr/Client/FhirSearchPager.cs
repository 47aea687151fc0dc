using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Ehr.Client;

/// <summary>
/// Runs a FHIR search and follows the Bundle's <c>next</c> links, yielding each resource once. Entries are parsed
/// one by one, so a malformed resource does not lose the rest of its page: it goes to <c>onMalformed</c> (to be
/// quarantined), or, when no callback is given, fails the search.
/// </summary>
public sealed partial class FhirSearchPager(
    IHttpClientFactory httpClientFactory,
    IOptions<EhrOptions> options,
    ILogger<FhirSearchPager> logger)
{
    /// <summary>Searches <paramref name="resourceType"/> on the configured EHR; adds <c>_count</c> when absent.</summary>
    public IAsyncEnumerable<Resource> SearchAsync(
        string resourceType,
        IEnumerable<KeyValuePair<string, string>>? parameters = null,
        Action<MalformedEntry>? onMalformed = null,
        CancellationToken cancellationToken = default) =>
        ResourcesOf(SearchEntriesAsync(resourceType, parameters, onMalformed, cancellationToken), cancellationToken);

    /// <summary>
    /// As <see cref="SearchAsync"/>, each resource with its JSON exactly as the EHR sent it: for a caller that reads it
    /// with its own reader (the nightly job scores responses from their JSON, as <c>score</c> reads a line; issue 12).
    /// </summary>
    public IAsyncEnumerable<SearchEntry> SearchEntriesAsync(
        string resourceType,
        IEnumerable<KeyValuePair<string, string>>? parameters = null,
        Action<MalformedEntry>? onMalformed = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceType);
        var o = options.Value;
        var list = (parameters ?? []).ToList();
        if (!list.Any(p => p.Key == "_count")) list.Add(new("_count", o.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var url = new UriBuilder(FhirJson.Combine(o.RequireBaseUrl(), resourceType)) { Query = FhirJson.Query(list) }.Uri;
        return FollowEntriesAsync(url, onMalformed, cancellationToken);
    }

    /// <summary>Reads the search page at <paramref name="firstPage"/> and every page its <c>next</c> links lead to.</summary>
    public async IAsyncEnumerable<Resource> FollowAsync(
        Uri firstPage,
        Action<MalformedEntry>? onMalformed = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entry in FollowEntriesAsync(firstPage, onMalformed, cancellationToken).ConfigureAwait(false))
            yield return entry.Resource;
    }

    private static async IAsyncEnumerable<Resource> ResourcesOf(IAsyncEnumerable<SearchEntry> entries, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
            yield return entry.Resource;
    }

    private async IAsyncEnumerable<SearchEntry> FollowEntriesAsync(
        Uri firstPage,
        Action<MalformedEntry>? onMalformed,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var o = options.Value;
        var deserializer = FhirJson.Deserializer(o.ParsingMode);
        var http = httpClientFactory.CreateClient(EhrHttpClients.Fhir);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Uri? page = firstPage;
        var pageNumber = 0;
        while (page is not null)
        {
            if (!o.IsTrustedOrigin(page))
                throw new EhrResponseException(
                    $"The search's next link leaves the EHR's origin; if that server is genuine, add its origin to {EhrOptions.Section}:{nameof(EhrOptions.AdditionalTrustedOrigins)}",
                    LogSafe.Url(page));
            if (!visited.Add(page.AbsoluteUri))
                throw new EhrResponseException("The EHR's next links go round in a loop", LogSafe.Url(page));
            pageNumber++;

            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirJson.MediaType));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw await FhirJson.ErrorAsync("FHIR search failed", response, cancellationToken).ConfigureAwait(false);

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var _ = stream.ConfigureAwait(false);
            using var doc = await ParseAsync(stream, page, cancellationToken).ConfigureAwait(false);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("resourceType", out var rt) || rt.GetString() != "Bundle")
                throw new EhrResponseException("The EHR answered a search with something other than a Bundle", LogSafe.Url(page), response.StatusCode);

            var yielded = 0;
            var index = 0;
            if (root.TryGetProperty("entry", out var entries) && entries.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in entries.EnumerateArray())
                {
                    var position = index++;
                    if (IsOutcome(entry) || !entry.TryGetProperty("resource", out var resourceJson)) continue;
                    var json = resourceJson.GetRawText();
                    var resource = FhirJson.TryParse(deserializer, json, out var error);
                    if (resource is null)
                    {
                        var malformed = FhirJson.Malformed($"{LogSafe.Url(page)} entry {position}", json, error ?? "unreadable");
                        if (onMalformed is null)
                            throw new EhrResponseException($"Entry {position} ({malformed.ResourceType}) of a search page is not valid FHIR R4: {malformed.Reason}", LogSafe.Url(page));
                        onMalformed(malformed);
                        continue;
                    }
                    if (resource.Id is { } id && !seen.Add($"{resource.TypeName}/{id}/{resource.Meta?.VersionId}")) continue;
                    yielded++;
                    yield return new SearchEntry(resource, json);
                }
            }
            LogPage(logger, pageNumber, yielded);
            page = NextLink(root, page);
        }
    }

    private static async Task<JsonDocument> ParseAsync(Stream stream, Uri page, CancellationToken ct)
    {
        try
        {
            return await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new EhrResponseException("The EHR answered a search with invalid JSON", LogSafe.Url(page), inner: e);
        }
    }

    private static bool IsOutcome(JsonElement entry) =>
        entry.TryGetProperty("search", out var search)
        && search.TryGetProperty("mode", out var mode)
        && mode.ValueKind == JsonValueKind.String
        && mode.GetString() == "outcome";

    private static Uri? NextLink(JsonElement bundle, Uri current)
    {
        if (!bundle.TryGetProperty("link", out var links) || links.ValueKind != JsonValueKind.Array) return null;
        foreach (var link in links.EnumerateArray())
        {
            if (link.TryGetProperty("relation", out var rel) && rel.GetString() == "next"
                && link.TryGetProperty("url", out var url) && url.GetString() is { Length: > 0 } next)
                return new Uri(current, next);
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Search page {Page}: {Count} resources")]
    private static partial void LogPage(ILogger logger, int page, int count);
}
