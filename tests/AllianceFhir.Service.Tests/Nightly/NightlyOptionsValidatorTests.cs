using AllianceFhir.Service.Hosting;
using AllianceFhir.Service.Nightly;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Tests.Nightly;

/// <summary>A mistyped cron or time zone stops the service at start with the key to fix, not at scheduling or never.</summary>
public sealed class NightlyOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(NightlyOptions options) => new NightlyOptionsValidator().Validate(null, options);

    [Fact]
    public void Validate_WhenTheDefaultsAreKept_ThenSucceeds()
    {
        Assert.True(Validate(new NightlyOptions()).Succeeded);
    }

    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("0 */5 * * * *")] // six fields: seconds first, as Hangfire reads it
    [InlineData("0 2 * * 1-5")]
    public void Validate_WhenTheSweepCronIsOneHangfireReads_ThenSucceeds(string cron)
    {
        Assert.True(Validate(new NightlyOptions { SafetySweepCron = cron }).Succeeded);
    }

    [Theory]
    [InlineData("every 5 minutes")]
    [InlineData("*/5 * * *")]
    [InlineData("61 * * * *")]
    [InlineData("")]
    public void Validate_WhenTheSweepCronCannotBeRead_ThenFailsNamingJobsSafetySweepCron(string cron)
    {
        var result = Validate(new NightlyOptions { SafetySweepCron = cron });

        Assert.True(result.Failed);
        var message = Assert.Single(result.Failures!);
        Assert.StartsWith("Jobs:SafetySweepCron", message);
    }

    [Fact]
    public void Validate_WhenTheNightlyCronCannotBeRead_ThenFailsNamingJobsNightlyCron()
    {
        var result = Validate(new NightlyOptions { NightlyCron = "2am" });

        Assert.StartsWith("Jobs:NightlyCron '2am'", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    public void Validate_WhenTheTimeZoneIsUnknown_ThenFailsNamingJobsTimeZone(string zone)
    {
        var result = Validate(new NightlyOptions { TimeZone = zone });

        Assert.StartsWith("Jobs:TimeZone", Assert.Single(result.Failures!));
    }

    [Fact]
    public void Validate_WhenTheTimeZoneIsAnIanaId_ThenSucceeds()
    {
        Assert.True(Validate(new NightlyOptions { TimeZone = "Europe/London" }).Succeeded);
    }

    [Fact]
    public async Task Start_WhenTheMonthlyReportCronCannotBeRead_ThenRefusesNamingReportsMonthlyCron()
    {
        using var state = new TempFolder();
        using var host = ServiceHost.BuildWorker(new Dictionary<string, string?>
        {
            ["State:ConnectionString"] = $"Data Source={state.Combine("state.db")}",
            ["Source:NdjsonInput"] = state.Path,
            ["Reports:MonthlyCron"] = "first of the month",
        });

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(refused.Failures, f => f.StartsWith("Reports:MonthlyCron", StringComparison.Ordinal));
    }
}
