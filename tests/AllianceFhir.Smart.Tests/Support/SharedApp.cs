namespace AllianceFhir.Smart.Tests.Support;

/// <summary>
/// One app host for a whole test class, started by the first test that asks (xunit 2 cannot hand the collection's
/// sandbox to a class fixture) and stopped when the class is done.
/// </summary>
public sealed class SharedApp : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AppUnderTest? _app;

    public async Task<AppUnderTest> GetAsync(SmartSandbox ehr)
    {
        await _gate.WaitAsync();
        try
        {
            return _app ??= await ehr.StartAppAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _gate.Dispose();
    }
}
