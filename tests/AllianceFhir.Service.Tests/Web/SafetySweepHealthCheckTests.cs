using AllianceFhir.Service.Nightly;
using AllianceFhir.Service.Web;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Tests.Web;

/// <summary>
/// The readiness rule for the safety sweep, on Hangfire's real (in-memory) storage with the job registered and
/// triggered through Hangfire's own RecurringJobManager; only the check's clock is moved.
/// </summary>
public sealed class SafetySweepHealthCheckTests : IDisposable
{
    private const string EveryFiveMinutes = "*/5 * * * *";
    private readonly InMemoryStorage _storage = NewStorage();
    private readonly Clock _clock = new(DateTimeOffset.UtcNow);

    /// <summary>
    /// Hangfire's log provider is process-wide: the last service host a test built and disposed leaves it pointing at a
    /// disposed LoggerFactory, which the storage's constructor would call. These tests need no Hangfire logging.
    /// </summary>
    private static InMemoryStorage NewStorage()
    {
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(SilentLogProvider.Instance);
        return new InMemoryStorage();
    }

    private sealed class SilentLogProvider : Hangfire.Logging.ILogProvider, Hangfire.Logging.ILog
    {
        public static readonly SilentLogProvider Instance = new();
        public Hangfire.Logging.ILog GetLogger(string name) => this;
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    public void Dispose() => _storage.Dispose();

    private async Task<HealthCheckResult> CheckAsync(string cron = EveryFiveMinutes)
    {
        var start = new ServiceStart(_clock);
        await start.StartAsync(CancellationToken.None);
        return await CheckAtAsync(start, cron);
    }

    private Task<HealthCheckResult> CheckAtAsync(ServiceStart start, string cron = EveryFiveMinutes) =>
        new SafetySweepHealthCheck(_storage, Options.Create(new NightlyOptions { SafetySweepCron = cron }), start, _clock).CheckHealthAsync(new());

    private RecurringJobManager Register(string cron = EveryFiveMinutes)
    {
        var jobs = new RecurringJobManager(_storage);
        jobs.AddOrUpdate<SafetySweepJob>(SafetySweepJob.JobId, j => j.RunAsync(CancellationToken.None), cron);
        return jobs;
    }

    [Fact]
    public async Task Check_WhenTheSafetySweepIsNotRegistered_ThenUnhealthyAtOnceEvenJustAfterStart()
    {
        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("'safety-sweep' is missing", result.Description);
    }

    [Fact]
    public async Task Check_WhenRegisteredAndRemoved_ThenUnhealthy()
    {
        Register().RemoveIfExists(SafetySweepJob.JobId);

        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync()).Status);
    }

    [Fact]
    public async Task Check_WhenNeverRunYet_ThenHealthyForTwiceTheIntervalAfterStartAndUnhealthyAfter()
    {
        Register();
        var start = new ServiceStart(_clock);
        await start.StartAsync(CancellationToken.None);

        _clock.Now += TimeSpan.FromMinutes(9);
        Assert.Equal(HealthStatus.Healthy, (await CheckAtAsync(start)).Status);
        _clock.Now += TimeSpan.FromMinutes(2); // 11 minutes: more than 2 × 5
        var late = await CheckAtAsync(start);
        Assert.Equal(HealthStatus.Unhealthy, late.Status);
        Assert.Contains("has not run since the service started", late.Description);
    }

    [Fact]
    public async Task Check_WhenLastRunIsWithinTwiceTheInterval_ThenHealthy_AndWhenOlder_ThenUnhealthy()
    {
        var ranAt = DateTimeOffset.UtcNow;
        Register().Trigger(SafetySweepJob.JobId); // Hangfire records LastExecution on its own clock: now
        _clock.Now = ranAt.AddHours(-1); // the service started an hour ago: no grace left
        var start = new ServiceStart(_clock);
        await start.StartAsync(CancellationToken.None);

        _clock.Now = ranAt.AddMinutes(9);
        Assert.Equal(HealthStatus.Healthy, (await CheckAtAsync(start)).Status);
        _clock.Now = ranAt.AddMinutes(11);
        var late = await CheckAtAsync(start);
        Assert.Equal(HealthStatus.Unhealthy, late.Status);
        Assert.Contains("more than twice its interval (10 minutes)", late.Description);
    }

    [Fact]
    public async Task Check_WhenTheIntervalIsHourly_ThenFiftyMinutesWithoutARunIsStillHealthy()
    {
        var ranAt = DateTimeOffset.UtcNow;
        Register("0 * * * *").Trigger(SafetySweepJob.JobId);
        _clock.Now = ranAt.AddHours(-5);
        var start = new ServiceStart(_clock);
        await start.StartAsync(CancellationToken.None);
        _clock.Now = ranAt.AddMinutes(50);

        Assert.Equal(HealthStatus.Healthy, (await CheckAtAsync(start, "0 * * * *")).Status);
        _clock.Now = ranAt.AddMinutes(121);
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAtAsync(start, "0 * * * *")).Status);
    }

    [Fact]
    public async Task Check_WhenTheCronNeverFires_ThenUnhealthyNamingTheSetting()
    {
        Register(Cron.Never());

        var result = await CheckAsync(Cron.Never());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("Jobs:SafetySweepCron", result.Description);
    }
}
