using System.Diagnostics;
using System.Globalization;
using AllianceFhir.Service.Hosting;
using AllianceFhir.FhirServer;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Service.Nightly;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.Testing.FhirServer;
using AllianceFhir.Testing.Postgres;
using Dapper;
using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

namespace AllianceFhir.Service.Tests.Nightly;

/// <summary>
/// The resilience bench's kill round at CI size (issue 10 §3): the production configuration (PostgreSQL state and
/// Hangfire PostgreSQL storage, batches of 4 patients, the default 30 s sliding invisibility timeout) as a `serve`
/// process, SIGKILLed 3 times while it holds work and restarted at once, and PostgreSQL restarted mid-run. Each
/// killed instance's work is under way again within 60 s of the restart; the EHR ends as an uninterrupted run's.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class KillRoundTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private sealed record Held(long Id, DateTime FetchedAt, bool Nightly);

    [Fact]
    public async Task NightlyScoring_WhenServeIsKilledThreeTimesAndPostgresRestarts_ThenEachKillResumesWithinAMinuteAndTheEhrEndsTheSame()
    {
        var connection = await postgres.CreateDatabaseAsync("kill_round");
        await using var server = await FhirServerProcess.StartAsync(FhirServerOptions.Default with { LoadFolder = RepositoryPaths.BundledCohort });
        var environment = new Dictionary<string, string>
        {
            ["State__Provider"] = "Postgres",
            ["State__ConnectionString"] = connection,
            ["Hangfire__Storage"] = "Postgres",
            ["Source__FhirServer"] = server.BaseUrl,
            ["Jobs__PatientsPerBatch"] = "4",
            ["Jobs__NightlyCron"] = Cron.Never(),
            ["Jobs__SafetySweepCron"] = Cron.Never(),
            ["Ehr__PageSize"] = "500",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var service = new ServeProcess(environment);
        try
        {
            await Until(async () => await ScalarAsync(connection, "select count(*) from information_schema.tables where table_name in ('jobqueue', 'provenance_targets')") == 2, TimeSpan.FromMinutes(2));
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
            var storage = new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connection, new PostgreSqlStorageOptions()), new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true });
            new BackgroundJobClient(storage).Enqueue<NightlyScoringJob>(j => j.RunAsync(CancellationToken.None));

            var random = new Random(3);
            var resumes = new List<double>();
            for (var kill = 1; kill <= 3; kill++)
            {
                await Until(async () =>
                {
                    if (service.HasExited) { service.Dispose(); service = new ServeProcess(environment); } // as a supervisor would
                    return (await HeldAsync(connection)).Count > 0;
                }, TimeSpan.FromMinutes(3));
                await Task.Delay(random.Next(500, 4_000));
                var runsBefore = await ScalarAsync(connection, "select count(*) from runs where job = 'nightly-scoring'");
                service.Kill();
                var held = await HeldAsync(connection); // after the kill: exactly the dead instance's
                service.Dispose();
                var restarted = Stopwatch.StartNew();
                service = new ServeProcess(environment);
                await Until(async () => await ResumedAsync(connection, held, runsBefore), TimeSpan.FromMinutes(3));
                resumes.Add(restarted.Elapsed.TotalSeconds);

                if (kill == 2)
                {
                    // PostgreSQL restarted under the running instance; a supervisor restarts serve if it gave up.
                    await postgres.Cluster.RestartAsync(TimeSpan.FromSeconds(2));
                }
            }

            var deadline = DateTime.UtcNow.AddMinutes(8);
            while (!await CompleteAsync(connection))
            {
                Assert.True(DateTime.UtcNow < deadline, "the nightly run did not complete after the kills:\n" + service.Output);
                if (service.HasExited) { service.Dispose(); service = new ServeProcess(environment); }
                await Task.Delay(1000);
            }
            Assert.All(resumes, r => Assert.True(r <= 60, $"resumed {string.Join(", ", resumes.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture)))} s after the restarts"));
        }
        finally
        {
            service.Dispose();
        }

        Assert.Equal(ExpectedOutput.ObservationsBySystem, await NightlyPipelineTestsAccess.OursBySystemAsync(server));
        var flags = await EhrQuery.AllAsync(server, "Flag");
        Assert.Equal(ExpectedOutput.Alerts, flags.Count);
        var covered = (await EhrQuery.AllAsync(server, "Provenance"))
            .SelectMany(p => p.GetProperty("target").EnumerateArray()).Select(t => t.GetProperty("reference").GetString()).ToHashSet();
        var results = (await EhrQuery.AllAsync(server, "Observation")).Where(o => EhrQuery.Identifier(o, CanonicalUrls.ScoreIdentifierSystem) is not null)
            .Select(o => $"Observation/{o.GetProperty("id").GetString()}")
            .Concat(flags.Select(f => $"Flag/{f.GetProperty("id").GetString()}")).ToList();
        Assert.DoesNotContain(results, r => !covered.Contains(r));
    }

    private static async Task Until(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (NpgsqlException) { } // PostgreSQL restarting
            Assert.True(DateTime.UtcNow < deadline, $"not within {timeout}");
            await Task.Delay(250);
        }
    }

    private static async Task<long> ScalarAsync(string connection, string sql)
    {
        await using var c = new NpgsqlConnection(connection);
        return await c.ExecuteScalarAsync<long>(sql);
    }

    private static async Task<bool> CompleteAsync(string connection)
    {
        try
        {
            await using var c = new NpgsqlConnection(connection);
            return await c.QuerySingleOrDefaultAsync<string>("select status from runs where job = 'nightly-scoring' order by started_at desc limit 1") == "complete";
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static async Task<List<Held>> HeldAsync(string connection)
    {
        await using var c = new NpgsqlConnection(connection);
        return (await c.QueryAsync<(long Id, DateTime FetchedAt, bool Nightly)>(
            """
            select q.id, q.fetchedat, j.invocationdata::text like '%NightlyScoringJob%'
            from hangfire.jobqueue q join hangfire.job j on j.id = q.jobid where q.fetchedat is not null
            """)).Select(r => new Held(r.Id, r.FetchedAt, r.Nightly)).ToList();
    }

    /// <summary>Each held batch done or fetched again; a held nightly run started again (a new runs row, past its lock) or done.</summary>
    private static async Task<bool> ResumedAsync(string connection, List<Held> held, long runsBefore)
    {
        await using var c = new NpgsqlConnection(connection);
        var ids = held.Select(h => h.Id).ToArray();
        var rows = (await c.QueryAsync<(long Id, DateTime? FetchedAt)>("select id, fetchedat from hangfire.jobqueue where id = any(@ids)", new { ids })).ToDictionary(r => r.Id, r => r.FetchedAt);
        var runs = await c.ExecuteScalarAsync<long>("select count(*) from runs where job = 'nightly-scoring'");
        return held.All(h => !rows.TryGetValue(h.Id, out var at) || (h.Nightly ? runs > runsBefore : at is { } t && t != h.FetchedAt));
    }
}
