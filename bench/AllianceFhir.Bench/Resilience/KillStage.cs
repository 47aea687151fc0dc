using System.Diagnostics;
using AllianceFhir.FhirServer;
using AllianceFhir.Service.Nightly;
using AllianceFhir.ThrowawayPostgres;
using Dapper;
using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

namespace AllianceFhir.Bench.Resilience;

/// <summary>
/// The production configuration (PostgreSQL state and Hangfire storage, small batches) as `serve` processes, killed
/// with SIGKILL at random moments of one nightly run and restarted at once; then PostgreSQL itself restarted mid-run.
/// Resume is timed per kill: from the restart until every job the killed instance held is taken again or done.
/// </summary>
public static class KillStage
{
    public sealed record Result(int Kills, EhrSnapshot Snapshot, double MaxResumeSeconds, bool PostgresRestarted, double Seconds, int ExitsAfterPostgresRestart);

    public static async Task<Result> RunAsync(string cohort, int kills, int seed)
    {
        var clock = Stopwatch.StartNew();
        await using var postgres = await PostgresCluster.StartAsync();
        var connection = await postgres.CreateDatabaseAsync("resilience");
        await using var ehr = await FhirServerProcess.StartAsync(FhirServerOptions.Default with { LoadFolder = cohort, StartTimeout = TimeSpan.FromMinutes(5) });
        var environment = new Dictionary<string, string>
        {
            ["State__Provider"] = "Postgres",
            ["State__ConnectionString"] = connection,
            ["Hangfire__Storage"] = "Postgres",
            ["Source__FhirServer"] = ehr.BaseUrl,
            ["Jobs__PatientsPerBatch"] = "4",
            ["Jobs__NightlyCron"] = Cron.Never(),
            ["Jobs__SafetySweepCron"] = Cron.Never(),
            ["Ehr__PageSize"] = "500",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var random = new Random(seed);
        var service = new ServeProcess(environment);
        try
        {
            await WaitForSchemaAsync(connection);
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
            var storage = new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connection, new PostgreSqlStorageOptions()), new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true });
            new BackgroundJobClient(storage).Enqueue<NightlyScoringJob>(j => j.RunAsync(CancellationToken.None));

            var done = 0;
            var maxResume = 0.0;
            for (var k = 0; k < kills; k++)
            {
                // A random moment while the instance works: once it holds a job, 0.5 to 6 s on.
                var held = await WhenHoldingAsync(connection, TimeSpan.FromMinutes(3));
                if (held is null) break; // the run completed
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 6_000)));
                held = await HeldJobsAsync(connection);
                service.Kill();
                service.Dispose();
                done++;
                var restarted = Stopwatch.StartNew();
                service = new ServeProcess(environment);
                var resume = await WaitUntilTakenAgainAsync(connection, held, TimeSpan.FromMinutes(3));
                maxResume = Math.Max(maxResume, resume ?? restarted.Elapsed.TotalSeconds);
                Console.WriteLine($"  kill {done}: {held.Count} job(s) held by the killed instance, taken again {(resume is null ? "never (timeout)" : $"{resume:0.0} s")} after the restart");
            }

            var postgresRestarted = false;
            if (!await RunCompleteAsync(connection))
            {
                await postgres.RestartAsync(TimeSpan.FromSeconds(3));
                postgresRestarted = true;
                Console.WriteLine("  PostgreSQL restarted mid-run");
            }
            var deadline = DateTime.UtcNow.AddMinutes(15);
            var exits = 0;
            while (!await RunCompleteAsync(connection))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("the nightly run did not complete after the kills:\n" + service.Output);
                if (service.HasExited)
                {
                    // As a supervisor (systemd, Kubernetes) would: an instance that gave up on its database is started again.
                    exits++;
                    Console.WriteLine($"  serve exited on its own (PostgreSQL unavailable): {LastLine(service.Output)}; started again");
                    service.Dispose();
                    service = new ServeProcess(environment);
                }
                await Task.Delay(1000);
            }
            return new Result(done, await EhrSnapshot.TakeAsync(ehr), maxResume, postgresRestarted, clock.Elapsed.TotalSeconds, exits);
        }
        finally
        {
            service.Dispose();
        }
    }

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).LastOrDefault(l => l.Contains("Exception", StringComparison.Ordinal)) ?? "(no message)";

    private static async Task WaitForSchemaAsync(string connection)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await using var c = new NpgsqlConnection(connection);
                if (await c.ExecuteScalarAsync<long>("select count(*) from information_schema.tables where table_schema = 'hangfire' and table_name = 'jobqueue'") > 0
                    && await c.ExecuteScalarAsync<long>("select count(*) from information_schema.tables where table_name = 'provenance_targets'") > 0) return;
            }
            catch (NpgsqlException) { }
            await Task.Delay(500);
        }
        throw new TimeoutException("serve did not migrate the state database");
    }

    private static async Task<bool> RunCompleteAsync(string connection)
    {
        try
        {
            await using var c = new NpgsqlConnection(connection);
            return await c.QuerySingleOrDefaultAsync<string>("select status from runs where job = 'nightly-scoring' order by started_at desc limit 1") == "complete";
        }
        catch (NpgsqlException)
        {
            return false; // PostgreSQL restarting
        }
    }

    /// <summary>Waits until some job is fetched (null when the run completes first).</summary>
    private static async Task<List<(long Id, DateTime FetchedAt)>?> WhenHoldingAsync(string connection, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await RunCompleteAsync(connection)) return null;
            var held = await HeldJobsAsync(connection);
            if (held.Count > 0) return held;
            await Task.Delay(200);
        }
        return [];
    }

    private static async Task<List<(long Id, DateTime FetchedAt)>> HeldJobsAsync(string connection)
    {
        await using var c = new NpgsqlConnection(connection);
        return (await c.QueryAsync<(long, DateTime)>("select id, fetchedat from hangfire.jobqueue where fetchedat is not null")).ToList();
    }

    /// <summary>Seconds until each held queue entry is gone (done) or fetched again; null on timeout.</summary>
    private static async Task<double?> WaitUntilTakenAgainAsync(string connection, List<(long Id, DateTime FetchedAt)> held, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        if (held.Count == 0) return 0;
        var ids = held.Select(h => h.Id).ToArray();
        while (clock.Elapsed < timeout)
        {
            await using var c = new NpgsqlConnection(connection);
            var rows = (await c.QueryAsync<(long Id, DateTime? FetchedAt)>("select id, fetchedat from hangfire.jobqueue where id = any(@ids)", new { ids })).ToDictionary(r => r.Id, r => r.FetchedAt);
            if (held.All(h => !rows.TryGetValue(h.Id, out var at) || (at is { } t && t != h.FetchedAt))) return clock.Elapsed.TotalSeconds;
            await Task.Delay(250);
        }
        return null;
    }
}
