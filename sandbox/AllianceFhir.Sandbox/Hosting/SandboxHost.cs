using System.Net;
using System.Net.Sockets;
using AllianceFhir.FhirServer;
using AllianceFhir.Sandbox.Authorization;
using AllianceFhir.Sandbox.Discovery;
using AllianceFhir.Sandbox.Hosting;
using AllianceFhir.Sandbox.Launcher;
using AllianceFhir.Sandbox.Proxy;

namespace AllianceFhir.Sandbox;

/// <summary>
/// The sandbox EHR in-process: Kestrel on loopback with the SMART authorization server, the FHIR proxy and the
/// launcher, in front of the Node FHIR server it starts (loaded with samples/cohort) unless given one.
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FhirServerProcess? _fhirServer;
    private readonly SandboxUrls _urls;

    private SandboxHost(WebApplication app, FhirServerProcess? fhirServer, SandboxUrls urls)
    {
        _app = app;
        _fhirServer = fhirServer;
        _urls = urls;
    }

    /// <summary>The sandbox's root, e.g. http://127.0.0.1:5070 (launcher page, /connect/authorize, /connect/token).</summary>
    public string BaseUrl => _urls.BaseUrl;

    /// <summary>The FHIR base clients use: the <c>iss</c> of every launch (<see cref="BaseUrl"/> + "/fhir").</summary>
    public string FhirBaseUrl => _urls.FhirBaseUrl;

    /// <summary>The Node FHIR server behind the proxy (for <c>/$stats</c> request counting); never given to clients.</summary>
    public string FhirUpstreamUrl => _urls.FhirUpstreamUrl;

    public string TokenEndpoint => _urls.TokenEndpoint;

    public string AuthorizationEndpoint => _urls.AuthorizationEndpoint;

    /// <summary>The FHIR server process the sandbox started (null when <see cref="SandboxSettings.FhirUpstream"/> was given).</summary>
    public FhirServerProcess? FhirServer => _fhirServer;

    /// <summary>What the token endpoint answered so far: grant type, client id, time, and the error when refused.</summary>
    public IReadOnlyList<TokenRequestRecord> TokenRequests => _app.Services.GetRequiredService<TokenRequestLog>().Records;

    public IServiceProvider Services => _app.Services;

    public static async Task<SandboxHost> StartAsync(SandboxSettings settings, CancellationToken cancellationToken = default)
    {
        settings.Validate();
        FhirServerProcess? fhirServer = null;
        try
        {
            string upstream;
            if (settings.FhirUpstream is { } given)
            {
                upstream = given.TrimEnd('/');
            }
            else
            {
                fhirServer = await FhirServerProcess.StartAsync(new FhirServerOptions { LoadFolder = settings.LoadFolder, ServerDirectory = settings.FhirServerDirectory }, cancellationToken);
                upstream = fhirServer.BaseUrl;
            }

            var port = settings.Port == 0 ? FreePort(settings.Host) : settings.Port;
            var baseUrl = $"http://{settings.Host}:{port}";
            var urls = new SandboxUrls(baseUrl, baseUrl + "/fhir", upstream, settings.AppLaunchUrl) { PortalLaunchUrl = settings.EffectivePortalLaunchUrl };

            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                ApplicationName = typeof(SandboxHost).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.WebHost.UseUrls(baseUrl);
            builder.Logging.SetMinimumLevel(settings.MinimumLogLevel);
            builder.Services.AddSandbox(urls);

            var app = builder.Build();
            app.MapSandbox(urls);
            await app.StartAsync(cancellationToken);

            // The portal's parent user, beside the cohort the started FHIR server loaded.
            if (fhirServer is not null && settings.LoadFolder is not null)
                await Portal.PortalSeed.SeedAsync(app.Services.GetRequiredService<IHttpClientFactory>().CreateClient(Launcher.CohortDirectory.UpstreamClient), cancellationToken);
            var host = new SandboxHost(app, fhirServer, urls);
            foreach (var client in settings.Clients) await host.RegisterClientAsync(client, cancellationToken);
            return host;
        }
        catch
        {
            if (fhirServer is not null) await fhirServer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Registers (or replaces) a client, e.g. with the redirect URI of an app a test hosts on a free port.</summary>
    public Task RegisterClientAsync(SandboxClient client, CancellationToken cancellationToken = default) =>
        _app.Services.GetRequiredService<ClientRegistrar>().RegisterAsync(client, cancellationToken);

    /// <summary>
    /// Creates an EHR launch context (what the EHR does when a clinician opens the app from a chart) and returns the
    /// opaque <c>launch</c> value. <paramref name="withheldScopes"/> are never granted for this launch, whatever is asked.
    /// <paramref name="ehrShowsBanner"/>: the app appears inside a chart that shows the patient banner
    /// (<c>need_patient_banner</c> false); otherwise the app must show it.
    /// </summary>
    public Task<string> CreateLaunchAsync(string patientId, string practitionerId, string? encounterId = null, IEnumerable<string>? withheldScopes = null,
        bool ehrShowsBanner = true) =>
        Task.FromResult(_app.Services.GetRequiredService<LaunchStore>().Create(patientId, practitionerId, encounterId, withheldScopes, ehrShowsBanner));

    /// <summary>
    /// Creates a patient-portal launch context: the signed-in user is <paramref name="userType"/>/<paramref name="userId"/>
    /// (Patient, or a RelatedPerson caring for <paramref name="patientId"/>), as <see cref="Portal.PortalPage"/> does.
    /// </summary>
    public Task<string> CreatePortalLaunchAsync(string patientId, string userType, string userId) =>
        Task.FromResult(_app.Services.GetRequiredService<LaunchStore>().CreatePortal(patientId, userType, userId));

    /// <summary>The app's patient-facing launch URL the portal sends users to.</summary>
    public string PortalLaunchUrl => _urls.PortalLaunchUrl;

    /// <summary>The URL an EHR sends the browser to for this launch: <c>{appLaunchUrl}?iss=..&amp;launch=..</c>.</summary>
    public string LaunchUrl(string appLaunchUrl, string launchId) =>
        $"{appLaunchUrl}?iss={Uri.EscapeDataString(FhirBaseUrl)}&launch={Uri.EscapeDataString(launchId)}";

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_fhirServer is not null) await _fhirServer.DisposeAsync();
    }

    private static int FreePort(string host)
    {
        using var listener = new TcpListener(IPAddress.Parse(host), 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
