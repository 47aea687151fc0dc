using AllianceFhir.Sandbox;
using Xunit;

namespace AllianceFhir.Testing.Sandbox;

/// <summary>
/// An xunit class fixture running the sandbox EHR (SMART authorization server + FHIR proxy) in-process on a free
/// loopback port, in front of a real Node FHIR server loaded with samples/cohort. Override <see cref="Settings"/> to
/// change it (e.g. <see cref="SandboxSettings.AppLaunchUrl"/>, or <see cref="SandboxSettings.FhirUpstream"/> to reuse a
/// running FHIR server); register clients with their real redirect URIs through <see cref="Sandbox"/>.
/// A missing Node.js fails the tests; it never skips them.
/// </summary>
public class SandboxFixture : IAsyncLifetime
{
    private SandboxHost? _sandbox;

    protected virtual SandboxSettings Settings => new();

    public SandboxHost Sandbox => _sandbox ?? throw new InvalidOperationException("The sandbox fixture has not started.");

    /// <summary>The sandbox root (launcher, /connect/authorize, /connect/token).</summary>
    public string BaseUrl => Sandbox.BaseUrl;

    /// <summary>The FHIR base clients get as <c>iss</c>.</summary>
    public string FhirBaseUrl => Sandbox.FhirBaseUrl;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxHost.StartAsync(Settings);
        await OnStartedAsync(_sandbox);
    }

    /// <summary>Runs once the sandbox answers: register the test's clients here.</summary>
    protected virtual Task OnStartedAsync(SandboxHost sandbox) => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_sandbox is not null) await _sandbox.DisposeAsync();
    }
}
