using AllianceFhir.FhirServer;
using Xunit;

namespace AllianceFhir.Testing.FhirServer;

/// <summary>
/// An xunit class fixture that starts the test FHIR server once per test class and stops it afterwards. Derive from
/// it and override <see cref="Options"/> for other switches (conditional create off, refused types, preload, faults).
/// A missing Node.js fails the tests (with the install command); it never skips them.
/// </summary>
public class FhirServerFixture : IAsyncLifetime
{
    private FhirServerProcess? _server;
    private HttpClient? _client;

    protected virtual FhirServerOptions Options => FhirServerOptions.Default;

    public FhirServerProcess Server => _server ?? throw new InvalidOperationException("The FHIR server fixture has not started.");

    /// <summary>The FHIR base without a trailing slash, e.g. http://127.0.0.1:41234/fhir.</summary>
    public string BaseUrl => Server.BaseUrl;

    /// <summary>A client on the FHIR base (relative URLs such as "Observation?code=..." work), accepting FHIR JSON.</summary>
    public HttpClient Client => _client ?? throw new InvalidOperationException("The FHIR server fixture has not started.");

    public async Task InitializeAsync()
    {
        _server = await FhirServerProcess.StartAsync(Options);
        _client = _server.CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }
}
