namespace AllianceFhir.CdsHooks;

/// <summary>One allow-listed CDS client (an EHR): its JWT issuer and where its signing keys are.</summary>
public sealed class CdsClientOptions
{
    /// <summary>The <c>iss</c> the EHR puts in its JWTs.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The EHR's JWKS URL; a JWT's <c>jku</c> header is honoured only when it equals this.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>The key set inline (JSON), for an EHR that hands its public keys over out of band.</summary>
    public string? Jwks { get; set; }

    /// <summary>
    /// FHIR base URLs this client may name as <c>fhirServer</c>. Deny by default: when empty the client must send its
    /// data as prefetch, and a <c>fhirServer</c> is refused before any request leaves (otherwise the service would call
    /// any URL a caller names, carrying the caller's bearer token).
    /// </summary>
    public List<string> FhirServers { get; set; } = [];

    /// <summary>When set, the JWT's <c>tenant</c> claim must equal it.</summary>
    public string? Tenant { get; set; }
}
