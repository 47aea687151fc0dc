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
}
