using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AllianceFhir.CdsHooks.Host;
using AllianceFhir.Testing.Files;
using Microsoft.AspNetCore.Builder;

namespace AllianceFhir.CdsHooks.Tests;

/// <summary>
/// AllianceFhir.CdsHooks.Host: CDS Hooks as its own process, for a site that runs it near the EHR (issue 11 §2), on a
/// real Kestrel port with its own state database and nothing of the service around it.
/// </summary>
public sealed class CdsHooksHostTests : IDisposable
{
    private readonly TempFolder _state = new();

    public void Dispose() => _state.Dispose();

    private async Task<(WebApplication App, HttpClient Http)> StartAsync(bool requireTokenForDiscovery)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var app = CdsHooksHost.Build([], new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["State:ConnectionString"] = $"Data Source={_state.Combine("cds.db")}",
            ["CdsHooks:PublicBaseUrl"] = $"http://127.0.0.1:{port}",
            ["CdsHooks:Clients:0:Issuer"] = "https://ehr.example.org",
            ["CdsHooks:Clients:0:JwksUrl"] = "https://ehr.example.org/jwks.json",
            ["CdsHooks:RequireTokenForDiscovery"] = requireTokenForDiscovery ? "true" : "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") });
    }

    [Fact]
    public async Task GetCdsServices_WhenTheHostRunsAlone_ThenItListsThePatientViewServiceWithItsPrefetch()
    {
        var (app, http) = await StartAsync(requireTokenForDiscovery: false);
        await using var _ = app;
        using var __ = http;

        using var response = await http.GetAsync("cds-services");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var service = Assert.Single(json.RootElement.GetProperty("services").EnumerateArray());
        Assert.Equal("alliancefhir-patient-view", service.GetProperty("id").GetString());
        Assert.Equal("patient-view", service.GetProperty("hook").GetString());
        Assert.StartsWith("QuestionnaireResponse?subject=Patient/{{context.patientId}}", service.GetProperty("prefetch").GetProperty("responses").GetString());
    }

    [Fact]
    public async Task Requests_WhenTheHostRunsAlone_ThenOnlyCdsHooksAnswersAndEveryCallNeedsTheEhrsToken()
    {
        var (app, http) = await StartAsync(requireTokenForDiscovery: true);
        await using var _ = app;
        using var __ = http;

        using var discovery = await http.GetAsync("cds-services");
        using var call = await http.PostAsync("cds-services/alliancefhir-patient-view", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        using var dashboard = await http.GetAsync("hangfire");
        using var reports = await http.GetAsync("api/reports/2026-10");
        using var live = await http.GetAsync("health/live");

        Assert.Equal(HttpStatusCode.Unauthorized, discovery.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, call.StatusCode);
        // The service's parts are not in this process: no dashboard, no reports.
        Assert.Equal(HttpStatusCode.NotFound, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reports.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
