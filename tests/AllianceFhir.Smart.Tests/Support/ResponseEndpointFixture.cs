using AllianceFhir.Samples.Sessions;
using AllianceFhir.Testing.FhirServer;

namespace AllianceFhir.Smart.Tests.Support;

/// <summary>
/// The set-up the response endpoint's test classes share (<see cref="ResponseEndpointCollection"/>): one real test FHIR
/// server, and per patient the patient seeded once and one app host whose session is launched on that patient. Each class
/// asks for its own patient, so what one class writes is never in another's searches.
/// </summary>
public sealed class ResponseEndpointFixture : IAsyncLifetime
{
    private readonly Dictionary<string, (TestSmartSession Session, FeatureHost Host)> _hosts = new(StringComparer.Ordinal);

    public FhirServerFixture Fhir { get; } = new();

    public Task InitializeAsync() => Fhir.InitializeAsync();

    /// <summary>The host for <paramref name="patientId"/>, started (and the patient seeded) on first use.</summary>
    public async Task<FeatureHost> HostForAsync(string patientId)
    {
        // The classes of one collection run one at a time: no two callers race here.
        if (_hosts.TryGetValue(patientId, out var started)) return started.Host;
        await SessionHistory.LoadAsync(Fhir.Client, SessionHistory.Build(patientId, 0));
        var session = new TestSmartSession(Fhir.BaseUrl, patientId);
        var host = await FeatureHost.StartAsync(session);
        _hosts[patientId] = (session, host);
        return host;
    }

    public async Task DisposeAsync()
    {
        foreach (var (session, host) in _hosts.Values)
        {
            await host.DisposeAsync();
            session.Dispose();
        }
        await Fhir.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ResponseEndpointCollection : ICollectionFixture<ResponseEndpointFixture>
{
    public const string Name = "response-endpoint";
}
