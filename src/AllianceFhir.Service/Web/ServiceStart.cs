namespace AllianceFhir.Service.Web;

/// <summary>When this host started (on the injected clock): the safety sweep's grace period runs from here.</summary>
public sealed class ServiceStart(TimeProvider time) : IHostedService
{
    public DateTimeOffset At { get; private set; } = time.GetUtcNow();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        At = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
