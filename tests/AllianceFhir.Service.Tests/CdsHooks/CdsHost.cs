using System.Net.Http.Headers;
using System.Text;
using AllianceFhir.CdsHooks;
using AllianceFhir.Service.Cli;
using AllianceFhir.Service.Hosting;
using AllianceFhir.Service.Web;
using Microsoft.AspNetCore.Builder;

namespace AllianceFhir.Service.Tests.CdsHooks;

/// <summary>The `serve` web host with CDS Hooks mapped, on a real Kestrel port, trusting one test EHR.</summary>
internal sealed class CdsHost : IAsyncDisposable
{
    public const string LaunchUrl = "http://127.0.0.1:5090/launch";
    public const string EhrOrigin = "https://ehr.example.org";

    private CdsHost(WebApplication app, string baseUrl)
    {
        App = app;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };
    }

    public WebApplication App { get; }
    public IServiceProvider Services => App.Services;
    public string BaseUrl { get; }
    public HttpClient Http { get; }
    public string ServiceUrl => $"{BaseUrl}/cds-services/{PatientViewService.ServiceId}";

    /// <summary>
    /// Starts on a free port with <c>CdsHooks:PublicBaseUrl</c> set to it (required outside Development) and, when
    /// <paramref name="fhirServer"/> is given, that server allow-listed as the client's <c>fhirServer</c>.
    /// </summary>
    public static async Task<CdsHost> StartAsync(string stateDatabase, CdsEhr ehr, string? fhirServer = null, IDictionary<string, string?>? extra = null)
    {
        var port = CdsEhr.FreePort();
        var overrides = new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["CdsHooks:PublicBaseUrl"] = $"http://127.0.0.1:{port}",
            ["State:ConnectionString"] = $"Data Source={stateDatabase}",
            ["CdsHooks:SmartAppLaunchUrl"] = LaunchUrl,
            ["CdsHooks:Clients:0:Issuer"] = CdsEhr.Issuer,
            ["CdsHooks:Clients:0:JwksUrl"] = ehr.JwksUrl,
            ["CdsHooks:CorsOrigins:0"] = EhrOrigin,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Ehr:PageSize"] = "500",
        };
        if (fhirServer is not null)
        {
            overrides["Source:FhirServer"] = fhirServer;
            overrides["CdsHooks:Clients:0:FhirServers:0"] = fhirServer;
        }
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) overrides[k] = v;
        var app = ServiceHost.BuildWeb(overrides);
        app.MapServiceWeb();
        app.MapCdsHooks();
        await app.StartAsync();
        return new CdsHost(app, $"http://127.0.0.1:{port}");
    }

    public async Task<string> RunAsync(string job) => (await RunCommand.RunOnceAsync(App.Services, job, TimeSpan.FromMinutes(5), CancellationToken.None)).Report;

    /// <summary>POSTs a CDS Hooks JSON body with the given bearer token (none when null).</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string json, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
    }
}
