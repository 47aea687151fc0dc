namespace AllianceFhir.Ehr.Auth;

/// <summary>SMART Backend Services (configuration section <c>Ehr:SmartBackendServices</c>).</summary>
public sealed class SmartBackendServicesOptions
{
    public const string Section = "Ehr:SmartBackendServices";

    /// <summary>The client_id the EHR registered for this service: the assertion's iss and sub.</summary>
    public string? ClientId { get; set; }

    /// <summary>The token endpoint; when unset it is read from <c>{FhirBaseUrl}/.well-known/smart-configuration</c>.</summary>
    public Uri? TokenUrl { get; set; }

    /// <summary>Space-separated scopes, SMART v2 style (e.g. <c>system/QuestionnaireResponse.rs system/Observation.cu</c>).</summary>
    public string Scope { get; set; } = "system/*.rs";

    /// <summary>RS384 (RSA, 2048 bits or more) or ES384 (ECDSA on P-384).</summary>
    public string Algorithm { get; set; } = "RS384";

    /// <summary>The <c>kid</c> in the JWT header and the JWKS; defaults to the key's RFC 7638 thumbprint.</summary>
    public string? KeyId { get; set; }

    /// <summary>A PEM file holding the (unencrypted) private key.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The PEM private key itself, e.g. from a secret store.</summary>
    public string? PrivateKeyPem { get; set; }

    /// <summary>Generate a throwaway key at start (development only: the EHR must fetch the new JWKS after each restart).</summary>
    public bool GenerateDevelopmentKey { get; set; }

    /// <summary>
    /// The assertion's exp − now. SMART allows at most five minutes; the default keeps a minute in hand for
    /// a clock here that runs ahead of the authorization server's.
    /// </summary>
    public TimeSpan AssertionLifetime { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>Fetch a new access token this long before the old one expires.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromSeconds(60);
}
