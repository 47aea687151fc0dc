using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace AllianceFhir.CdsHooks;

/// <summary>
/// Reads what a prefetch template asked for from the CDS client's FHIR server, with the bearer token the client
/// gave (<c>fhirAuthorization</c>), when the client did not prefetch it.
/// </summary>
public sealed class FhirPrefetchClient(IHttpClientFactory http, IOptions<CdsHooksOptions> options, ILogger<FhirPrefetchClient> log)
{
    public const string HttpClientName = "cds-fhir";
    /// <summary>
    /// What the relative FHIR query returns, as JSON (a search Bundle), or null when the server could not be read or did
    /// not answer JSON. Each entry is read by the caller, as a prefetched one is (Core's ResponseReader; issue 12).
    /// </summary>
    public async Task<JsonElement?> GetAsync(Uri fhirServer, string accessToken, string relativeQuery, CancellationToken ct)
    {
        var url = new Uri(fhirServer.AbsoluteUri.TrimEnd('/') + "/" + relativeQuery);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.ParseAdd("application/fhir+json");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.FhirFetchTimeout);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                log.LogWarning("CDS prefetch from the client's FHIR server answered {Status}", (int)response.StatusCode);
                return null;
            }
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var json = await JsonDocument.ParseAsync(body, default, timeout.Token);
            return json.RootElement.Clone();
        }
        catch (Exception e) when (e is HttpRequestException or JsonException
                                      || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            log.LogWarning("CDS prefetch from the client's FHIR server failed: {Error}", e.GetType().Name);
            return null;
        }
    }
}
