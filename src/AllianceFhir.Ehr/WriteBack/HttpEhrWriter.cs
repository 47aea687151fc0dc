using System.Net.Http.Headers;
using System.Text;
using AllianceFhir.Ehr.Client;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Ehr.WriteBack;

/// <summary>
/// A live FHIR R4 server as a write-back target: its capabilities from its CapabilityStatement, batch Bundles
/// POSTed to its base. The HttpClient carries the authorisation (the service's backend token, or a SMART session's
/// user token).
/// </summary>
public sealed class HttpEhrWriter(HttpClient client, Uri baseUrl, Func<CancellationToken, Task<EhrFeatures>> features) : IEhrWriter
{
    private static readonly FhirJsonSerializer Serializer = new();
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.BackwardsCompatible));

    public string Name => baseUrl.GetLeftPart(UriPartial.Path);

    public async Task<EhrWriteCapabilities> WriteCapabilitiesAsync(CancellationToken ct) => (await features(ct)).WriteCapabilities();

    public async Task<Bundle> PostBatchAsync(Bundle batch, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl)
        {
            Content = new StringContent(Serializer.SerializeToString(batch), Encoding.UTF8, FhirJson.MediaType),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirJson.MediaType));
        if (IsIdempotent(batch)) request.Options.Set(Resilience.EhrResilience.Idempotent, true);
        using var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{Name} refused a batch Bundle: {(int)response.StatusCode}", null, response.StatusCode);
        return Deserializer.Deserialize<Bundle>(body);
    }

    /// <summary>
    /// A batch whose every entry is a read, a search or a conditional create: sending it again after a 500 or a lost
    /// answer writes nothing twice, so the resilience pipeline may retry it. Plain creates are not: the write-back
    /// searches by identifier before it creates again.
    /// </summary>
    public static bool IsIdempotent(Bundle batch) => batch.Type == Bundle.BundleType.Batch && batch.Entry.Count > 0 && batch.Entry.All(e =>
        e.Request?.Method is Bundle.HTTPVerb.GET or Bundle.HTTPVerb.HEAD
        || (e.Request?.Method == Bundle.HTTPVerb.POST && !string.IsNullOrEmpty(e.Request.IfNoneExist)));
}
