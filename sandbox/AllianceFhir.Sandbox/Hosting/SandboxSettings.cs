using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace AllianceFhir.Sandbox;

/// <summary>
/// How to start the sandbox EHR (configuration section <c>Sandbox</c>, or built in code by tests). Validated when
/// <see cref="SandboxHost.StartAsync"/> runs.
/// </summary>
public sealed class SandboxSettings
{
    public const string Section = "Sandbox";

    /// <summary>The loopback address Kestrel binds.</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests); <c>dotnet run</c> uses 5070 from appsettings.json.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>An already running FHIR server's base (e.g. http://127.0.0.1:8090/fhir); null starts sandbox/fhir-server.</summary>
    public string? FhirUpstream { get; set; }

    /// <summary>
    /// The folder of the FHIR server to start (configuration key <c>FhirServer:Directory</c>, outside the <c>Sandbox</c>
    /// section: the same key every host of the server reads); null finds it next to the app or in the repository.
    /// </summary>
    public string? FhirServerDirectory { get; set; }

    /// <summary>The ndjson folder the started FHIR server preloads, relative to the repository root.</summary>
    public string? LoadFolder { get; set; } = "samples/cohort";

    /// <summary>The SMART app's launch URL the launcher page sends EHR launches to.</summary>
    [Required]
    [Url]
    public string AppLaunchUrl { get; set; } = "http://127.0.0.1:5090/launch";

    /// <summary>
    /// The SMART app's patient-facing launch URL the portal page sends patients and carers to; null: the app's
    /// <see cref="AppLaunchUrl"/> with <c>/patient/launch</c> for its last segment (the SMART app's patient launch).
    /// </summary>
    [Url]
    public string? PortalLaunchUrl { get; set; }

    /// <summary>The portal launch URL in force: <see cref="PortalLaunchUrl"/>, or the one derived from <see cref="AppLaunchUrl"/>.</summary>
    public string EffectivePortalLaunchUrl => PortalLaunchUrl
        ?? (AppLaunchUrl.EndsWith("/launch", StringComparison.Ordinal) ? AppLaunchUrl[..^"/launch".Length] : AppLaunchUrl.TrimEnd('/')) + "/patient/launch";

    /// <summary>Clients registered at start (appsettings.json holds the sandbox-only defaults).</summary>
    public List<SandboxClient> Clients { get; set; } = [];

    /// <summary>Lowest log level of the sandbox's own host (tests keep it quiet).</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Warning;

    /// <summary>The <c>Sandbox</c> section of <paramref name="configuration"/>, and <c>FhirServer:Directory</c>.</summary>
    public static SandboxSettings FromConfiguration(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<SandboxSettings>() ?? new SandboxSettings();
        settings.FhirServerDirectory ??= configuration[AllianceFhir.FhirServer.FhirServerDirectory.ConfigurationKey];
        return settings;
    }

    internal void Validate()
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        foreach (var client in Clients) client.Validate();
        var duplicate = Clients.GroupBy(c => c.ClientId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ValidationException($"Sandbox:Clients registers client '{duplicate.Key}' twice.");
        if (FhirUpstream is not null && !Uri.TryCreate(FhirUpstream, UriKind.Absolute, out _))
            throw new ValidationException($"Sandbox:FhirUpstream '{FhirUpstream}' is not an absolute URL.");
    }
}
