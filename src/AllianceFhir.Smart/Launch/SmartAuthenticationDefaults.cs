namespace AllianceFhir.Smart.Launch;

/// <summary>Scheme names, the callback path, and the keys under which a launch travels in the protected state.</summary>
public static class SmartAuthenticationDefaults
{
    /// <summary>The SMART App Launch (OAuth) scheme.</summary>
    public const string Scheme = "smart";

    /// <summary>The session cookie scheme the launch signs in to.</summary>
    public const string CookieScheme = "smart-session";

    public const string CallbackPath = "/signin-smart";

    public const string LaunchPath = "/launch";

    /// <summary>The patient-facing launch (from a patient portal, or standalone): patient scopes, then the client's page.</summary>
    public const string PatientLaunchPath = "/patient/launch";

    /// <summary>Where a patient-facing launch lands (the client's page of assigned questionnaires).</summary>
    public const string PatientHomePath = "/patient/";

    internal const string IssKey = "smart.iss";
    internal const string LaunchKey = "smart.launch";
    internal const string AuthorizeEndpointKey = "smart.authorize_endpoint";
    internal const string TokenEndpointKey = "smart.token_endpoint";
    internal const string IssuerKey = "smart.issuer";
    internal const string JwksUriKey = "smart.jwks_uri";
    internal const string NonceKey = "smart.nonce";
    internal const string ContextKey = "smart.context";
    internal const string RevocationEndpointKey = "smart.revocation_endpoint";
    internal const string ScopeKey = "smart.scope";
    internal const string CapabilitiesKey = "smart.capabilities";
    internal const string AlertChannelsKey = "smart.alert_channels";

    /// <summary>Set ("true") in the state and the session when the launch was standalone (no <c>launch</c> from an EHR).</summary>
    internal const string StandaloneKey = "smart.standalone";

    /// <summary>Set on a patient-facing launch: the scopes asked for are the client's (<see cref="SmartLaunchScopes.ForPatient"/>).</summary>
    internal const string PatientFacingKey = "smart.patient_facing";

    public const string SignOutPath = "/signout";
}
