namespace AllianceFhir.Ehr;

/// <summary>How requests to the EHR are authorised.</summary>
public enum EhrAuthentication
{
    /// <summary>No Authorization header (an open test server).</summary>
    None,

    /// <summary>A fixed bearer token from configuration: development only.</summary>
    StaticToken,

    /// <summary>SMART Backend Services: client_credentials with a signed JWT assertion (any SMART-compliant EHR).</summary>
    SmartBackendServices,

    /// <summary>Entra ID through Microsoft.Identity.Web: Azure Health Data Services only.</summary>
    Entra,
}
