using System.Net.Http.Headers;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Ehr.Client;
using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.Smart.Hosting;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Smart.Launch;

/// <summary>
/// The alert channel an allowed EHR takes, read before the launch asks for scopes: its CapabilityStatement
/// (<c>{iss}/metadata</c>, anonymous as FHIR R4 §3.1.0.13 "capabilities" expects) and the write-back preference order
/// (<c>Smart:WriteBack:AlertChannels</c>), the same rule the app's write-back uses (docs/domain.md §5). Cached per EHR
/// for <see cref="SmartOptions.DiscoveryCacheDuration"/>. When the statement cannot be read the launch goes on with
/// every configured channel (broader scopes, alerts still work); failures are not cached.
/// </summary>
internal sealed class EhrAlertChannels(
    IHttpClientFactory http,
    IMemoryCache cache,
    IOptions<SmartOptions> options,
    IOptions<WriteBackOptions> writeBack,
    ILogger<EhrAlertChannels> logger)
{
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.BackwardsCompatible));

    public async Task<IReadOnlyList<AlertChannel>> ForAsync(string iss, CancellationToken cancellationToken)
    {
        var baseUrl = EhrRegistry.Normalise(iss);
        var key = "smart:alert-channel:" + baseUrl;
        if (cache.TryGetValue(key, out IReadOnlyList<AlertChannel>? cached) && cached is not null) return cached;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl + "/metadata");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
            using var response = await http.CreateClient(SmartDiscovery.HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"HTTP {(int)response.StatusCode}", null, response.StatusCode);
            var statement = Deserializer.Deserialize<CapabilityStatement>(await response.Content.ReadAsStringAsync(cancellationToken));
            var channel = WritePlanner.Channel(new EhrFeatures(new Uri(baseUrl), statement).WriteCapabilities(), writeBack.Value.AlertChannels);
            IReadOnlyList<AlertChannel> channels = channel is { } c ? [c] : [];
            cache.Set(key, channels, options.Value.DiscoveryCacheDuration);
            return channels;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or DeserializationFailedException
                                      or FormatException or System.Text.Json.JsonException or Polly.ExecutionRejectedException)
        {
            logger.LogWarning("Could not read the CapabilityStatement of {Iss} ({Error}); asking for the scopes of every configured alert channel", baseUrl, e.GetType().Name);
            return writeBack.Value.AlertChannels;
        }
    }
}
