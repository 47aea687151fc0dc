namespace AllianceFhir.Smart.Hosting;

/// <summary>One allowed EHR (<c>Smart:Ehrs:N</c>): its FHIR base (the launch's iss) and the client registered there.</summary>
public sealed class SmartEhrOptions
{
    /// <summary>The EHR's FHIR base URL exactly as it sends it as <c>iss</c> (a trailing slash is ignored).</summary>
    public Uri? Iss { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The client secret for <see cref="SmartClientType.Symmetric"/> (client_secret_basic).</summary>
    public string? ClientSecret { get; set; }

    public SmartClientType ClientType { get; set; } = SmartClientType.Symmetric;

    /// <summary>PEM private key (RS384 RSA ≥ 2048 bits or ES384 P-384) for <see cref="SmartClientType.PrivateKeyJwt"/>.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The kid of the registered public key; defaults to the key's RFC 7638 thumbprint.</summary>
    public string? KeyId { get; set; }

    /// <summary>RS384 or ES384, for <see cref="SmartClientType.PrivateKeyJwt"/>.</summary>
    public string Algorithm { get; set; } = "RS384";

    /// <summary>
    /// The scopes to request from this EHR, replacing the derived default (the launch-context scope follows the launch:
    /// <c>launch</c> for an EHR launch, <c>launch/patient</c> standalone). Empty: derived from the features and the
    /// alert channel the EHR takes (<see cref="Launch.SmartLaunchScopes"/>).
    /// </summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>
    /// The scopes of a patient-facing launch (<c>/patient/launch</c>, a client or their carer) from this EHR, replacing the
    /// derived default (<see cref="Features.Portal.PortalScopes"/>); the launch-context scope follows the launch as for
    /// <see cref="Scopes"/>. Empty: derived.
    /// </summary>
    public List<string> PatientScopes { get; set; } = [];

    /// <summary>
    /// Ask for <c>offline_access</c> (a refresh token that outlives the user's EHR session). Default false: the derived
    /// scopes ask for <c>online_access</c> where the EHR advertises <c>permission-online</c>, since the app only works
    /// while a clinician has the chart open (ADR 0007).
    /// </summary>
    public bool OfflineAccess { get; set; }
}
