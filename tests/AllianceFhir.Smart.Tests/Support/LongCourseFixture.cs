using AllianceFhir.Samples.Sessions;
using AllianceFhir.Testing.FhirServer;

namespace AllianceFhir.Smart.Tests.Support;

/// <summary>The real test FHIR server holding one patient with 100 weekly sessions (<see cref="SessionHistory"/>), and the features on it.</summary>
public sealed class LongCourseFixture : FhirServerFixture, IAsyncLifetime
{
    public const string PatientId = "long-course";
    public const int Sessions = 100;

    private FeatureHost? _host;
    private TestSmartSession? _session;

    public FeatureHost Host => _host ?? throw new InvalidOperationException("not started");

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SessionHistory.LoadAsync(Client, SessionHistory.Build(PatientId, Sessions));
        _session = new TestSmartSession(BaseUrl, PatientId);
        _host = await FeatureHost.StartAsync(_session);
    }

    public new async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        _session?.Dispose();
        await base.DisposeAsync();
    }
}
