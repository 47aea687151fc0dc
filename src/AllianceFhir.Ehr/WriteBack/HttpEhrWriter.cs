using System.Net.Http.Headers;
using System.Text;
using AllianceFhir.Core.WriteBack;
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
        using var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{Name} refused a batch Bundle: {(int)response.StatusCode}", null, response.StatusCode);
        return Deserializer.Deserialize<Bundle>(body);
    }
}
