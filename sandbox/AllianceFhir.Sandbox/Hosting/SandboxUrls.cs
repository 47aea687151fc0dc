namespace AllianceFhir.Sandbox.Hosting;

/// <summary>Where the sandbox answers and where its FHIR server is, fixed before the host is built.</summary>
public sealed record SandboxUrls(string BaseUrl, string FhirBaseUrl, string FhirUpstreamUrl, string AppLaunchUrl)
{
    /// <summary>The SMART app's patient-facing launch URL (<see cref="SandboxSettings.EffectivePortalLaunchUrl"/>).</summary>
    public string PortalLaunchUrl { get; init; } = AppLaunchUrl;

    public string TokenEndpoint => BaseUrl + "/connect/token";

    public string AuthorizationEndpoint => BaseUrl + "/connect/authorize";

    public string RevocationEndpoint => BaseUrl + "/connect/revoke";

    public string JwksUri => BaseUrl + "/.well-known/jwks";

    /// <summary>True when <paramref name="url"/> names the FHIR base (a trailing slash is allowed).</summary>
    public bool IsFhirBase(string? url) =>
        url is not null && string.Equals(url.TrimEnd('/'), FhirBaseUrl, StringComparison.Ordinal);
}
