using System.Diagnostics;
using AllianceFhir.FhirServer;
using AllianceFhir.Service.Hosting;
using AllianceFhir.Service.Nightly;
using AllianceFhir.State;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AllianceFhir.Bench.Resilience;

/// <summary>
/// One nightly run (in-process worker, SQLite state) against a test FHIR server that fails a share of its requests,
/// left to finish with the service's own retries (HTTP-level and Hangfire's); then the EHR as it ended.
/// </summary>
public static class FaultStage
{
    public static readonly IReadOnlyList<string> Kinds = ["500", "503", "429", "timeout", "reset", "500-after", "reset-after"];

    public sealed record Result(EhrSnapshot Snapshot, int Requests, int Injected, double Seconds);

    public static async Task<Result> RunAsync(string cohort, FhirServerOptions faults, bool forceLedger, string work)
    {
        var clock = Stopwatch.StartNew();
        await using var ehr = await FhirServerProcess.StartAsync(faults with { LoadFolder = cohort, StartTimeout = TimeSpan.FromMinutes(5) });
        var settings = new Dictionary<string, string?>
        {
            ["Source:FhirServer"] = ehr.BaseUrl,
            ["State:ConnectionString"] = $"Data Source={Path.Combine(work, $"state-{Guid.NewGuid():N}.db")}",
            ["Jobs:PatientsPerBatch"] = "20",
            ["Ehr:PageSize"] = "200",
            ["WriteBack:ForceLedger"] = forceLedger ? "true" : "false",
            // Above the test server's slowest batch on a loaded 2-core machine (15 s was not: under load, answers that came
            // late were abandoned and sent again, the server did the work twice, the circuit opened and batches waited
            // for Hangfire's growing retry delays); the "timeout" fault holds its request longer still (ResilienceBench).
            ["Ehr:Resilience:AttemptTimeout"] = "00:00:40",
            ["Ehr:Resilience:MaxRetryAttempts"] = "6",
            ["Ehr:Resilience:BaseDelay"] = "00:00:00.200",
            ["Ehr:Resilience:MaxDelay"] = "00:00:02",
            ["Ehr:Resilience:MaxRetryAfter"] = "00:00:02",
            ["Logging:LogLevel:Default"] = "Error",
        };
        using var host = ServiceHost.BuildWorker(settings);
        await host.StartAsync();
        await ehr.ResetStatsAsync();
        var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
        jobs.Enqueue<NightlyScoringJob>(j => j.RunAsync(CancellationToken.None));
        var runs = host.Services.GetRequiredService<RunStore>();
        var db = host.Services.GetRequiredService<StateDatabase>();
        var deadline = DateTime.UtcNow.AddMinutes(45);
        while (!await CompleteAsync(db))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the nightly run did not complete under faults");
            await Task.Delay(500);
        }
        var stats = await ehr.StatsAsync();
        await host.StopAsync();
        using (var admin = new HttpClient())
            (await admin.PostAsync(ehr.BaseUrl + "/$faults-off", null)).EnsureSuccessStatusCode();
        return new Result(await EhrSnapshot.TakeAsync(ehr), stats.Requests, stats.Injected, clock.Elapsed.TotalSeconds);
    }

    private static async Task<bool> CompleteAsync(StateDatabase db)
    {
        await using var c = await db.OpenAsync(CancellationToken.None);
        await using var command = c.CreateCommand();
        command.CommandText = "select status from runs where job = 'nightly-scoring' order by started_at desc limit 1";
        return await command.ExecuteScalarAsync() as string == "complete";
    }
}
