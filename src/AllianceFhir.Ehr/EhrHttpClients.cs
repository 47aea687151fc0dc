namespace AllianceFhir.Ehr;

/// <summary>Names of the HttpClients that <c>AddEhr</c> registers with IHttpClientFactory.</summary>
public static class EhrHttpClients
{
    /// <summary>Requests to the FHIR API: authorised (see <see cref="EhrAuthentication"/>) and resilient.</summary>
    public const string Fhir = "AllianceFhir.Ehr";

    /// <summary>Requests to the authorization server (SMART discovery, token endpoint): resilient, never authorised.</summary>
    public const string Authorization = "AllianceFhir.Ehr.Authorization";

    /// <summary>Bulk Data files whose manifest says <c>requiresAccessToken: false</c> (often pre-signed storage URLs).</summary>
    public const string BulkFiles = "AllianceFhir.Ehr.BulkFiles";
}
