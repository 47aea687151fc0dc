namespace AllianceFhir.Smart.Hosting;

/// <summary>The SMART app's launch and session settings (configuration section <c>Smart</c>), validated on start.</summary>
public sealed class SmartOptions
{
    public const string Section = "Smart";

    /// <summary>
    /// The iss allow-list: every EHR the app may be launched from, with the client it is registered as there. A launch
    /// naming any other iss is refused before the app sends a single request.
    /// </summary>
    public List<SmartEhrOptions> Ehrs { get; set; } = [];

    /// <summary>
    /// Who may frame the app: the CSP <c>frame-ancestors</c> source list (space-separated), e.g. the EHR's origin.
    /// Default <c>'self'</c>: framing by an EHR must be allowed explicitly.
    /// </summary>
    public string FrameAncestors { get; set; } = "'self'";

    /// <summary>Refresh the access token when it expires within this long (SMART refresh_token grant).</summary>
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a browser session lives without use (the server-side ticket and the session cookie).</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long a fetched <c>.well-known/smart-configuration</c> or JWKS is reused.</summary>
    public TimeSpan DiscoveryCacheDuration { get; set; } = TimeSpan.FromHours(1);
}
