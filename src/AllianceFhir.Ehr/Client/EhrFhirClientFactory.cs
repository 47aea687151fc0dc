using AllianceFhir.Ehr.Resilience;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Ehr.Client;

/// <summary>
/// Firely <see cref="FhirClient"/>s for the configured EHR, speaking JSON over the <see cref="EhrHttpClients.Fhir"/>
/// HttpClient, so the token and resilience handlers apply to every call. Dispose each client after use (the
/// HttpClient underneath belongs to IHttpClientFactory and is not disposed with it).
/// </summary>
public sealed class EhrFhirClientFactory(
    IHttpClientFactory httpClientFactory,
    IOptions<EhrOptions> options,
    IOptions<EhrResilienceOptions> resilience)
{
    public FhirClient Create()
    {
        var o = options.Value;
        var settings = new FhirClientSettings
        {
            PreferredFormat = ResourceFormat.Json,
            VerifyFhirVersion = false,
            // The resilience pipeline times requests out; Firely's own limit only backs it up.
            Timeout = (int)Math.Min(int.MaxValue, (resilience.Value.TotalTimeout + TimeSpan.FromSeconds(10)).TotalMilliseconds),
            ReturnPreference = ReturnPreference.Representation,
            SerializationEngine = FhirSerializationEngineFactory.Custom(
                ModelInfo.ModelInspector,
                (FhirJsonConverterOptions)new FhirJsonConverterOptions().UsingMode(o.ParsingMode),
                new DeserializerSettings().UsingMode(o.ParsingMode)),
        };
        return new FhirClient(o.RequireBaseUrl(), httpClientFactory.CreateClient(EhrHttpClients.Fhir), settings);
    }
}
