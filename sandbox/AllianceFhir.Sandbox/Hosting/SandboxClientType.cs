namespace AllianceFhir.Sandbox;

/// <summary>How a client authenticates at the token endpoint (SMART App Launch 2.2 client types).</summary>
public enum SandboxClientType
{
    /// <summary>No credentials: PKCE only (client-public).</summary>
    Public,

    /// <summary>client_secret_basic / client_secret_post (client-confidential-symmetric).</summary>
    Symmetric,

    /// <summary>private_key_jwt with the client's JWKS (client-confidential-asymmetric), authorization code flow.</summary>
    PrivateKeyJwt,

    /// <summary>SMART Backend Services: client_credentials with private_key_jwt, system/ scopes only.</summary>
    Backend,
}
