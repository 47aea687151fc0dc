using System.Net;
using AllianceFhir.Service.Hosting;
using AllianceFhir.Service.Nightly;
using AllianceFhir.Service.Tests.CdsHooks;
using AllianceFhir.Service.Tests.Nightly;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.Testing.Postgres;

namespace AllianceFhir.Service.Tests.Web;

/// <summary>
/// The real `serve` program on the production queue (Hangfire on PostgreSQL, which outlives the process): the safety
/// sweep removed from the dashboard makes the instance not ready, and the next start registers it again.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class SafetySweepRestartTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Serve_WhenTheSafetySweepWasRemovedAndTheServiceRestarts_ThenNotReadyUntilTheRestartRegistersItAgain()
    {
        using var state = new TempFolder();
        var queue = await postgres.CreateDatabaseAsync("sweep_restart");
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["State__ConnectionString"] = $"Data Source={state.Combine("state.db")}",
            ["Source__NdjsonInput"] = state.Combine("in"),
            ["Source__NdjsonOutput"] = state.Combine("out"),
            ["Hangfire__Storage"] = "Postgres",
            ["Hangfire__ConnectionString"] = queue,
            ["Admin__User"] = OperatorBrowser.User,
            ["Admin__Password"] = OperatorBrowser.Password,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        Directory.CreateDirectory(state.Combine("in"));
        var url = $"http://127.0.0.1:{CdsEhr.FreePort()}";

        using (var first = new ServeProcess(environment, url))
        {
            using var browser = new OperatorBrowser(url);
            await WaitUntilListeningAsync(browser, first);
            Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("health/ready")).StatusCode);
            await browser.SignInAsync();
            var removed = await browser.DashboardCommandAsync("hangfire/recurring/remove", SafetySweepJob.JobId, await browser.DashboardTokenAsync());
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

            var ready = await browser.Http.GetAsync("health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            first.Kill();
        }

        using var second = new ServeProcess(environment, url);
        using var again = new OperatorBrowser(url);
        await WaitUntilListeningAsync(again, second);
        Assert.Equal(HttpStatusCode.OK, (await again.Http.GetAsync("health/ready")).StatusCode);
        await again.SignInAsync();
        Assert.Contains(SafetySweepJob.JobId, await again.Http.GetStringAsync("hangfire/recurring"));
    }

    private static async Task WaitUntilListeningAsync(OperatorBrowser browser, ServeProcess service)
    {
        for (var i = 0; i < 300; i++)
        {
            if (service.HasExited) throw new InvalidOperationException("serve exited:\n" + service.Output);
            try
            {
                if ((await browser.Http.GetAsync("health/live")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("serve did not start listening in 60 s:\n" + service.Output);
    }
}
