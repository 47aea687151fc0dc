using System.Diagnostics;
using AllianceFhir.Service.Hosting;
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
/// with SIGKILL at random moments of one nightly run and restarted at once; half-way through the kills, PostgreSQL itself
/// restarted mid-run. Resume is timed per kill: from the restart until every job the killed instance held is under way
/// again or done (see <see cref="WaitUntilResumedAsync"/>).
/// </summary>
public static class KillStage
{
    /// <param name="ResumeSeconds">Per kill: from the restart until every job the killed instance held was taken again (a batch
    /// fetched again or done; the nightly run itself started again, past its lock, or done).</param>
    /// <param name="PostgresResumeSeconds">From PostgreSQL back up until the run made progress again (a batch done or the run
    /// started again); null when the run completed before the restart could come mid-run.</param>
    /// <param name="RunSeconds">From the nightly run's enqueue until it completed (the stage's set-up not included).</param>
    public sealed record Result(int Kills, EhrSnapshot Snapshot, IReadOnlyList<double> ResumeSeconds, double? PostgresResumeSeconds, double Seconds, int ExitsAfterPostgresRestart, double RunSeconds)
    {
        public double MaxResumeSeconds => ResumeSeconds.Count == 0 ? 0 : ResumeSeconds.Max();

        public bool PostgresRestarted => PostgresResumeSeconds is not null;
    }

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
        var exits = 0;
        // As a supervisor (systemd, Kubernetes) would: an instance that gave up on its database is started again.
        void Supervise()
        {
            if (!service.HasExited) return;
            exits++;
            Console.WriteLine($"  serve exited on its own: {LastLine(service.Output)}; started again");
            service.Dispose();
            service = new ServeProcess(environment);
        }
        try
        {
            await WaitForSchemaAsync(connection);
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
            var storage = new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connection, new PostgreSqlStorageOptions()), new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true });
            new BackgroundJobClient(storage).Enqueue<NightlyScoringJob>(j => j.RunAsync(CancellationToken.None));
            var run = Stopwatch.StartNew();

            var done = 0;
            var resumes = new List<double>();
            double? postgresResume = null;
            for (var k = 0; k < kills; k++)
            {
                // A random moment while the instance works: once it holds a job, 0.5 to 6 s on.
                if (await WhenHoldingAsync(connection, TimeSpan.FromMinutes(3), Supervise) is null) break; // the run completed
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 6_000)));
                var runsBefore = await NightlyRunsAsync(connection);
                service.Kill();
                // Read after the kill: exactly what the dead instance held (it can no longer slide a fetch time on).
                var held = await HeldJobsAsync(connection);
                service.Dispose();
                done++;
                var restarted = Stopwatch.StartNew();
                service = new ServeProcess(environment);
                var resume = await WaitUntilResumedAsync(connection, held, runsBefore, TimeSpan.FromMinutes(3));
                resumes.Add(resume ?? restarted.Elapsed.TotalSeconds);
                Console.WriteLine($"  kill {done}: {held.Count} job(s) held by the killed instance ({held.Count(h => h.Nightly)} the nightly run itself), resumed {(resume is null ? "never (timeout)" : $"{resume:0.0} s")} after the restart");

                if (done == kills / 2 && !await RunCompleteAsync(connection))
                {
                    // PostgreSQL itself restarted mid-run (between the kills), serve left running through it.
                    var progress = await ProgressAsync(connection);
                    await postgres.RestartAsync(TimeSpan.FromSeconds(3));
                    postgresResume = await WaitForProgressAsync(connection, progress, TimeSpan.FromMinutes(3), Supervise);
                    Console.WriteLine($"  PostgreSQL restarted mid-run; the run moved on {(postgresResume is { } p ? $"{p:0.0} s" : "never (timeout)")} after it was back");
                    postgresResume ??= double.PositiveInfinity;
                }
            }

            // Generous: the kill stage's cohort is sized to last many minutes, longer still on a loaded machine.
            var deadline = DateTime.UtcNow.AddMinutes(60);
            while (!await RunCompleteAsync(connection))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("the nightly run did not complete after the kills:\n" + service.Output);
                Supervise();
                await Task.Delay(1000);
            }
            var runSeconds = run.Elapsed.TotalSeconds;
            return new Result(done, await EhrSnapshot.TakeAsync(ehr), resumes, postgresResume, clock.Elapsed.TotalSeconds, exits, runSeconds);
        }
        finally
        {
            service.Dispose();
        }
    }

    private static async Task<long> NightlyRunsAsync(string connection)
    {
        await using var c = new NpgsqlConnection(connection);
        return await c.ExecuteScalarAsync<long>("select count(*) from runs where job = 'nightly-scoring'");
    }

    private static async Task<(long Runs, long Done)> ProgressAsync(string connection)
    {
        await using var c = new NpgsqlConnection(connection);
        return (await NightlyRunsAsync(connection), await c.ExecuteScalarAsync<long>("select count(*) from batches where status = 'done'"));
    }

    /// <summary>Seconds until a batch is done or a nightly run started beyond <paramref name="before"/>, or the run completed; null on timeout.</summary>
    private static async Task<double?> WaitForProgressAsync(string connection, (long Runs, long Done) before, TimeSpan timeout, Action supervise)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try
            {
                var now = await ProgressAsync(connection);
                if (now.Runs > before.Runs || now.Done > before.Done || await RunCompleteAsync(connection)) return clock.Elapsed.TotalSeconds;
            }
            catch (NpgsqlException) { } // still starting
            supervise();
            await Task.Delay(250);
        }
        return null;
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
    private static async Task<List<Held>?> WhenHoldingAsync(string connection, TimeSpan timeout, Action supervise)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await RunCompleteAsync(connection)) return null;
                var held = await HeldJobsAsync(connection);
                if (held.Count > 0) return held;
            }
            catch (NpgsqlException) { } // PostgreSQL restarting
            supervise();
            await Task.Delay(200);
        }
        return [];
    }

    /// <summary>A fetched queue entry: its id, when it was fetched, and whether it is the nightly run itself (not a batch).</summary>
    private sealed record Held(long Id, DateTime FetchedAt, bool Nightly);

    private static async Task<List<Held>> HeldJobsAsync(string connection)
    {
        await using var c = new NpgsqlConnection(connection);
        return (await c.QueryAsync<(long Id, DateTime FetchedAt, bool Nightly)>(
            """
            select q.id, q.fetchedat, j.invocationdata::text like '%NightlyScoringJob%'
            from hangfire.jobqueue q join hangfire.job j on j.id = q.jobid where q.fetchedat is not null
            """)).Select(r => new Held(r.Id, r.FetchedAt, r.Nightly)).ToList();
    }

    /// <summary>
    /// Seconds until the killed instance's work is under way again: each held batch gone (done) or fetched again; a held
    /// nightly run started again (a new runs row: past its DisableConcurrentExecution lock, not merely fetched) or gone.
    /// Null on timeout.
    /// </summary>
    private static async Task<double?> WaitUntilResumedAsync(string connection, List<Held> held, long runsBefore, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        if (held.Count == 0) return 0;
        var ids = held.Select(h => h.Id).ToArray();
        while (clock.Elapsed < timeout)
        {
            try
            {
                await using var c = new NpgsqlConnection(connection);
                var rows = (await c.QueryAsync<(long Id, DateTime? FetchedAt)>("select id, fetchedat from hangfire.jobqueue where id = any(@ids)", new { ids })).ToDictionary(r => r.Id, r => r.FetchedAt);
                var runs = await NightlyRunsAsync(connection);
                if (held.All(h => !rows.TryGetValue(h.Id, out var at) || (h.Nightly ? runs > runsBefore : at is { } t && t != h.FetchedAt)))
                    return clock.Elapsed.TotalSeconds;
            }
            catch (NpgsqlException) { }
            await Task.Delay(250);
        }
        return null;
    }
}
