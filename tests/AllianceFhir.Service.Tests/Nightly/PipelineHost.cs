using AllianceFhir.Service.Cli;
using AllianceFhir.Service.Hosting;
using Microsoft.Extensions.Hosting;

namespace AllianceFhir.Service.Tests.Nightly;

/// <summary>The service as `run … --once` builds it, pointed at a real FHIR server, with its state in a temp SQLite file.</summary>
internal sealed class PipelineHost : IAsyncDisposable
{
    private readonly IHost _host;

    private PipelineHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<PipelineHost> StartAsync(string fhirBase, string stateFolder, IDictionary<string, string?>? extra = null)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Source:FhirServer"] = fhirBase,
            ["State:ConnectionString"] = $"Data Source={Path.Combine(stateFolder, "state.db")}",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Ehr:PageSize"] = "500",
            ["Ehr:Resilience:BaseDelay"] = "00:00:00.200",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) overrides[k] = v;
        var host = ServiceHost.BuildWorker(overrides);
        await host.StartAsync();
        return new PipelineHost(host);
    }

    public async Task<string> RunAsync(string job) => (await RunCommand.RunOnceAsync(_host.Services, job, TimeSpan.FromMinutes(5), CancellationToken.None)).Report;

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
