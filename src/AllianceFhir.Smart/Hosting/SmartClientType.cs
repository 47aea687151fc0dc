namespace AllianceFhir.Smart.Hosting;

/// <summary>How the app authenticates to an EHR's token endpoint (SMART App Launch 2.2, "Client authentication").</summary>
public enum SmartClientType
{
    /// <summary>Confidential symmetric: client_secret_basic.</summary>
    Symmetric,

    /// <summary>Confidential asymmetric: a signed JWT client assertion (private_key_jwt).</summary>
    PrivateKeyJwt,

    /// <summary>Public: PKCE only, no client secret.</summary>
    Public,
}
