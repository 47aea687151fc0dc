using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AllianceFhir.Service.Hosting;
using AllianceFhir.Service.Tests.Nightly;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.Service.Web;
using AllianceFhir.Testing.FhirServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Service.Tests.Web;

/// <summary>The `serve` host's HTTP surface, on a real Kestrel port: what is open, what needs the operator.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ServiceWebTests : IAsyncLifetime
{
    private readonly TempFolder _state = new();
    private FhirServerProcess? _ehr;
    private WebApplication? _app;
    private HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _ehr = await FhirServerProcess.StartAsync();
        var port = FreePort();
        _app = ServiceHost.BuildWeb(new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["State:ConnectionString"] = $"Data Source={_state.Combine("state.db")}",
            ["Source:FhirServer"] = _ehr.BaseUrl,
            ["Ehr:Authentication"] = "SmartBackendServices",
            ["Ehr:SmartBackendServices:ClientId"] = "alliancefhir-service",
            ["Ehr:SmartBackendServices:TokenUrl"] = _ehr.BaseUrl + "/token",
            ["Ehr:SmartBackendServices:GenerateDevelopmentKey"] = "true",
            ["Admin:User"] = "operator",
            ["Admin:Password"] = "correct horse battery staple",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        _app.MapServiceEndpoints();
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        if (_ehr is not null) await _ehr.DisposeAsync();
        _state.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    [Theory]
    [InlineData("hangfire")]
    [InlineData("api/quarantine")]
    public async Task OperatorEndpoints_WhenAnonymousOrWrongPassword_ThenRefused(string path)
    {
        Assert.True((await _http.GetAsync(path)).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = Basic("operator", "guess") } };
        Assert.True((await _http.SendAsync(wrong)).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("hangfire")]
    [InlineData("api/quarantine")]
    public async Task OperatorEndpoints_WhenTheOperatorCredentialIsGiven_ThenServed(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = Basic("operator", "correct horse battery staple") } };
        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_WhenStateDatabaseAnswers_ThenLiveAndReadyWithoutCredentials()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("health/live")).StatusCode);
        var ready = await _http.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Jwks_WhenSmartBackendServicesConfigured_ThenPublishesOnlyThePublicKey()
    {
        var json = await _http.GetStringAsync(".well-known/jwks.json");

        var keys = new JsonWebKeySet(json).Keys;
        var key = Assert.Single(keys);
        Assert.Equal("RS384", key.Alg);
        Assert.False(string.IsNullOrEmpty(key.N));
        Assert.True(string.IsNullOrEmpty(key.D), "the private exponent must never be published");
        using var doc = JsonDocument.Parse(json);
        Assert.DoesNotContain("\"d\"", doc.RootElement.GetRawText());
    }
}
