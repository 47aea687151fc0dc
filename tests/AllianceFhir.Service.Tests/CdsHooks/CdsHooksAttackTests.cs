using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using AllianceFhir.CdsHooks;
using AllianceFhir.Service.Hosting;
using AllianceFhir.Service.Tests.Nightly;
using AllianceFhir.Service.Tests.Support;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Tests.CdsHooks;

/// <summary>
/// Attacks on the CDS Hooks service found in the hardening review, each against a real Kestrel host in the Production
/// environment: a forged Host header to pass someone else's token as ours, and fhirServer pointed at a URL of the
/// caller's choosing (SSRF carrying the caller's bearer token).
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class CdsHooksAttackTests : IAsyncLifetime
{
    private readonly TempFolder _state = new();
    private CdsEhr _ehr = null!;

    public async Task InitializeAsync() => _ehr = await CdsEhr.StartAsync();

    public async Task DisposeAsync()
    {
        await _ehr.DisposeAsync();
        _state.Dispose();
    }

    private static readonly Dictionary<string, string?> Production = new() { ["environment"] = "Production" };

    private static string Call => $"cds-services/{PatientViewService.ServiceId}";

    private static string Body(string? fhirServer)
    {
        var body = new JsonObject
        {
            ["hookInstance"] = Guid.NewGuid().ToString(),
            ["hook"] = "patient-view",
            ["context"] = new JsonObject { ["userId"] = "Practitioner/example", ["patientId"] = "pat-1" },
        };
        if (fhirServer is null) body["prefetch"] = new JsonObject { [PatientViewService.ResponsesKey] = null }; // "no data", so the call is answerable
        else
        {
            body["fhirServer"] = fhirServer;
            body["fhirAuthorization"] = new JsonObject { ["access_token"] = "the-callers-ehr-token", ["token_type"] = "Bearer", ["expires_in"] = 300, ["scope"] = "patient/QuestionnaireResponse.rs", ["subject"] = "cds" };
        }
        return body.ToJsonString();
    }

    [Fact]
    public async Task Start_WhenProductionHasCdsClientsButNoPublicBaseUrl_ThenRefusesNamingTheKey()
    {
        var port = CdsEhr.FreePort();
        await using var app = ServiceHost.BuildWeb(new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["environment"] = "Production",
            ["State:ConnectionString"] = $"Data Source={_state.Combine("refused.db")}",
            ["CdsHooks:Clients:0:Issuer"] = CdsEhr.Issuer,
            ["CdsHooks:Clients:0:JwksUrl"] = _ehr.JwksUrl,
            ["Logging:LogLevel:Default"] = "None",
        });

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("CdsHooks:PublicBaseUrl is required outside Development", refused.Message);
    }

    [Fact]
    public async Task ServiceCall_WhenTheHostHeaderNamesAnotherCdsServiceAndTheTokenIsForIt_Then401OnAud()
    {
        await using var host = await CdsHost.StartAsync(_state.Combine("state.db"), _ehr, extra: Production);
        var forOther = _ehr.Token($"http://other-cds.example/cds-services/{PatientViewService.ServiceId}");
        using var request = new HttpRequestMessage(HttpMethod.Post, Call) { Content = new StringContent(Body(null), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", forOther);
        request.Headers.Host = "other-cds.example";

        var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("aud", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error_description").GetString());
        // The same call with a token for our public URL is answered: the refusal is the aud, not the request.
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(Call, Body(null), _ehr.Token(host.ServiceUrl))).StatusCode);
    }

    [Fact]
    public async Task ServiceCall_WhenDevelopmentHasNoPublicBaseUrl_ThenStartsAndChecksAudAgainstTheRequestsHost()
    {
        await using var host = await CdsHost.StartAsync(_state.Combine("dev.db"), _ehr,
            extra: new Dictionary<string, string?> { ["environment"] = "Development", ["CdsHooks:PublicBaseUrl"] = null });

        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(Call, Body(null), _ehr.Token(host.ServiceUrl))).StatusCode);
    }

    [Fact]
    public async Task PatientView_WhenTheClientHasNoFhirServersAllowList_ThenRefusedAndNoConnectionLeaves()
    {
        using var target = new CountingListener();
        await using var host = await CdsHost.StartAsync(_state.Combine("state.db"), _ehr, fhirServer: null, extra: Production);

        var response = await host.PostAsync(Call, Body(target.Url), _ehr.Token(host.ServiceUrl));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
        Assert.Contains("fhirServer is not allowed for this client", error.GetProperty("error_description").GetString());
        await Task.Delay(200);
        Assert.Equal(0, target.Connections);
    }

    [Fact]
    public async Task PatientView_WhenTheFhirServerIsAllowListed_ThenTheServiceConnectsToIt()
    {
        // The control for the test above: the same listener does count the service's connection when it is allowed.
        using var target = new CountingListener();
        await using var host = await CdsHost.StartAsync(_state.Combine("state.db"), _ehr, fhirServer: null,
            extra: new Dictionary<string, string?> { ["environment"] = "Production", ["CdsHooks:Clients:0:FhirServers:0"] = target.Url });

        var response = await host.PostAsync(Call, Body(target.Url), _ehr.Token(host.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // unreadable EHR: answered from the store
        Assert.True(target.Connections >= 1);
    }

    /// <summary>A TCP port that accepts, counts and closes connections: proof of whether anything was sent there.</summary>
    private sealed class CountingListener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private int _connections;

        public CountingListener()
        {
            _listener.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/fhir";
            _ = AcceptAsync();
        }

        public string Url { get; }
        public int Connections => Volatile.Read(ref _connections);

        private async Task AcceptAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    Interlocked.Increment(ref _connections);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _listener.Dispose();
            _stop.Dispose();
        }
    }
}
