namespace AllianceFhir.CdsHooks;

/// <summary>The CDS Hooks 2.0 service. Section "CdsHooks".</summary>
public sealed class CdsHooksOptions
{
    public const string Section = "CdsHooks";

    /// <summary>Where the EHR launches the SMART app from a card's link (e.g. http://127.0.0.1:5090/launch).</summary>
    public string SmartAppLaunchUrl { get; set; } = "http://127.0.0.1:5090/launch";

    /// <summary>
    /// The service's public base URL as the EHR calls it; the JWT's <c>aud</c> must be a service URL under it.
    /// Required outside Development when clients are configured (the start fails without it); in Development only,
    /// when unset, the request's own scheme, Host header and path base stand in, with a warning.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The EHRs allowed to call: each with its issuer and its JWKS (a URL, or the key set inline).</summary>
    public List<CdsClientOptions> Clients { get; set; } = [];

    /// <summary>Browser origins of EHRs that call the service from the browser (CORS).</summary>
    public List<string> CorsOrigins { get; set; } = [];

    /// <summary>Clock skew allowed on <c>exp</c> and <c>iat</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest accepted token lifetime (exp − now): CDS Hooks 2.0 asks clients for short-lived tokens, 5 minutes at most.</summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// What an acknowledged safety (PHQ-9 item 9) card does until the alert is resolved: <c>Keep</c> (the default)
    /// shows it with "acknowledged by X at T", <c>Drop</c> hides it. Keep is the safe choice: acknowledging says someone
    /// saw it, not that the same-day review (docs/domain.md §2) happened, and every other clinician opening the chart still
    /// sees the risk and who is on it (docs/adr/0008-alert-lifecycle.md).
    /// </summary>
    public AcknowledgedCards AcknowledgedSafetyCards { get; set; } = AcknowledgedCards.Keep;

    /// <summary>How many of the patient's most recent QuestionnaireResponses the prefetch asks for.</summary>
    public int RecentResponses { get; set; } = 10;

    /// <summary>Discovery needs the JWT like every call; it holds no patient data, so false opens it for EHR tooling that fetches it without one.</summary>
    public bool RequireTokenForDiscovery { get; set; } = true;

    /// <summary>Cards' <c>source.url</c>: where a clinician reads what the service does.</summary>
    public string SourceUrl { get; set; } = "https://alliancefhir.org/cds";

    /// <summary>Timeout for fetching prefetch data from the EHR's FHIR server when the client did not send it.</summary>
    public TimeSpan FhirFetchTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
