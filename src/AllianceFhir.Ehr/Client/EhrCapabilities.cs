using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Ehr.Client;

/// <summary>
/// Reads each EHR's CapabilityStatement (<c>GET {base}/metadata</c>) once and keeps it for the life of the
/// process. A failed read is not kept: the next call tries again.
/// </summary>
public sealed partial class EhrCapabilities(
    IHttpClientFactory httpClientFactory,
    IOptions<EhrOptions> options,
    ILogger<EhrCapabilities> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<EhrFeatures>>> _cache = new(StringComparer.Ordinal);

    /// <summary>The configured EHR's features.</summary>
    public Task<EhrFeatures> GetAsync(CancellationToken cancellationToken = default) =>
        GetAsync(options.Value.RequireBaseUrl(), cancellationToken);

    /// <summary>The features of the EHR at <paramref name="baseUrl"/>.</summary>
    public async Task<EhrFeatures> GetAsync(Uri baseUrl, CancellationToken cancellationToken = default)
    {
        var key = baseUrl.AbsoluteUri.TrimEnd('/');
        // The read itself is not cancelled by one caller's token: others may be waiting on the same read.
        var lazy = _cache.GetOrAdd(key, _ => new Lazy<Task<EhrFeatures>>(() => ReadAsync(baseUrl)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            _cache.TryRemove(new KeyValuePair<string, Lazy<Task<EhrFeatures>>>(key, lazy));
            throw;
        }
    }

    private async Task<EhrFeatures> ReadAsync(Uri baseUrl)
    {
        var url = FhirJson.Combine(baseUrl, "metadata");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirJson.MediaType));
        using var response = await httpClientFactory.CreateClient(EhrHttpClients.Fhir).SendAsync(request).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await FhirJson.ErrorAsync("Reading the EHR's CapabilityStatement failed", response, default).ConfigureAwait(false);
        var json = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        var resource = FhirJson.TryParse(FhirJson.Deserializer(options.Value.ParsingMode), json, out var error);
        if (resource is not CapabilityStatement statement)
            throw new EhrResponseException($"The EHR's /metadata is not a valid CapabilityStatement: {error ?? resource?.TypeName}", LogSafe.Url(url), response.StatusCode);
        var features = new EhrFeatures(baseUrl, statement);
        LogRead(logger, LogSafe.Url(baseUrl), features.ResourceTypes.Count, features.SupportsBatch, features.SupportsTransaction);
        return features;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Read the CapabilityStatement of {BaseUrl}: {Types} resource types, batch {Batch}, transaction {Transaction}")]
    private static partial void LogRead(ILogger logger, string baseUrl, int types, bool batch, bool transaction);
}
