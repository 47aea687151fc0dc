using AllianceFhir.Service.Hosting;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.FhirServer;
using AllianceFhir.Service.Nightly;
using AllianceFhir.State;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.Testing.Postgres;
using Dapper;
using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

namespace AllianceFhir.Service.Tests.Nightly;

/// <summary>
/// Production shape: `serve` processes sharing PostgreSQL for state and for Hangfire's queue, against the real FHIR
/// server. Batches are shared between instances, and a crash mid-run ends in the same EHR state as no crash.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class DistributedPipelineTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static Dictionary<string, string> Environment(string connection, string fhir, string name) => new()
    {
        ["State__Provider"] = "Postgres",
        ["State__ConnectionString"] = connection,
        ["Hangfire__Storage"] = "Postgres",
        ["Hangfire__ServerName"] = name,
        ["Hangfire__InvisibilityTimeout"] = "00:00:20",
        ["Source__FhirServer"] = fhir,
        ["Jobs__PatientsPerBatch"] = "8",
        ["Jobs__NightlyCron"] = Cron.Never(),
        ["Jobs__SafetySweepCron"] = Cron.Never(),
        ["Ehr__PageSize"] = "500",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private static string Enqueue(string connection)
    {
        // In-process hosts of other tests left Hangfire's static log provider on their disposed logger factory.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        var storage = new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connection, new PostgreSqlStorageOptions()), new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true });
        return new BackgroundJobClient(storage).Enqueue<NightlyScoringJob>(j => j.RunAsync(CancellationToken.None));
    }

    private static async Task WaitForCompleteRunAsync(string connection, TimeSpan timeout, params ServeProcess[] instances)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var c = new NpgsqlConnection(connection);
            var status = await c.QuerySingleOrDefaultAsync<string>("select status from runs where job = 'nightly-scoring' order by started_at desc limit 1");
            if (status is not null && RunStatusCodes.ParseRun(status) == RunStatus.Complete) return;
            await Task.Delay(500);
        }
        throw new TimeoutException("the nightly run did not complete:\n" + string.Join("\n---\n", instances.Select(i => i.Output)));
    }

    [Fact]
    public async Task NightlyScoring_WhenTwoInstancesShareThePostgresQueue_ThenBatchesAreSharedAndEachOutputIsWrittenOnce()
    {
        var connection = await postgres.CreateDatabaseAsync("two_instances");
        await using var server = await FhirServerProcess.StartAsync(FhirServerOptions.Default with { LoadFolder = RepositoryPaths.BundledCohort });
        using var a = new ServeProcess(Environment(connection, server.BaseUrl, "instance-a"));
        using var b = new ServeProcess(Environment(connection, server.BaseUrl, "instance-b"));
        await Task.Delay(TimeSpan.FromSeconds(8)); // both migrated and polling the queue

        Enqueue(connection);
        await WaitForCompleteRunAsync(connection, TimeSpan.FromMinutes(4), a, b);

        Assert.Equal(ExpectedOutput.ObservationsBySystem, await NightlyPipelineTestsAccess.OursBySystemAsync(server));
        await using var c = new NpgsqlConnection(connection);
        var batches = (await c.QueryAsync<(long BatchNo, string Status)>("select batch_no, status from batches")).ToList();
        Assert.True(batches.Count >= 6, $"61 patients in batches of 8 make 8 batches, got {batches.Count}");
        Assert.All(batches, x => Assert.Equal(BatchStatus.Done, RunStatusCodes.ParseBatch(x.Status)));
        var servers = (await c.QueryAsync<string>(
            """
            select s.data::text from hangfire.state s join hangfire.job j on j.id = s.jobid
            where s.name = 'Succeeded' and j.invocationdata::text like '%ScorePatientsBatchJob%'
            """)).ToList();
        Assert.Equal(batches.Count, servers.Count); // each batch succeeded once
        var processing = (await c.QueryAsync<string>(
            """
            select s.data::text from hangfire.state s join hangfire.job j on j.id = s.jobid
            where s.name = 'Processing' and j.invocationdata::text like '%ScorePatientsBatchJob%'
            """)).ToList();
        Assert.Contains(processing, d => d.Contains("instance-a"));
        Assert.Contains(processing, d => d.Contains("instance-b"));
    }

    [Fact]
    public async Task NightlyScoring_WhenTheOnlyInstanceIsKilledMidRun_ThenARestartEndsInTheSameEhrState()
    {
        var connection = await postgres.CreateDatabaseAsync("killed_mid_run");
        await using var server = await FhirServerProcess.StartAsync(FhirServerOptions.Default with { LoadFolder = RepositoryPaths.BundledCohort });
        var environment = Environment(connection, server.BaseUrl, "instance-crash");
        using (var first = new ServeProcess(environment))
        {
            await Task.Delay(TimeSpan.FromSeconds(8));
            Enqueue(connection);
            // Kill it once some, not all, results are in the EHR.
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while ((await server.StatsAsync()).ByMethod.GetValueOrDefault("POST") < 3 && DateTime.UtcNow < deadline) await Task.Delay(100);
            first.Kill();
        }
        var partial = await NightlyPipelineTestsAccess.OursBySystemAsync(server);
        Assert.True(partial.GetValueOrDefault(CanonicalUrls.ScoreIdentifierSystem) < ExpectedOutput.ObservationsBySystem[CanonicalUrls.ScoreIdentifierSystem],
            "the instance should have been killed before finishing");

        using var second = new ServeProcess(environment);
        await WaitForCompleteRunAsync(connection, TimeSpan.FromMinutes(4), second);

        Assert.Equal(ExpectedOutput.ObservationsBySystem, await NightlyPipelineTestsAccess.OursBySystemAsync(server));
        Assert.Equal(ExpectedOutput.Alerts, (await EhrQuery.AllAsync(server, "Flag")).Count);
        // Issue 10: results written before the kill whose Provenance was not yet written get one on the re-run.
        var covered = (await EhrQuery.AllAsync(server, "Provenance"))
            .SelectMany(p => p.GetProperty("target").EnumerateArray()).Select(t => t.GetProperty("reference").GetString()).ToHashSet();
        var ours = (await EhrQuery.AllAsync(server, "Observation")).Where(o => EhrQuery.Identifier(o, CanonicalUrls.ScoreIdentifierSystem) is not null)
            .Select(o => $"Observation/{o.GetProperty("id").GetString()}")
            .Concat((await EhrQuery.AllAsync(server, "Flag")).Select(f => $"Flag/{f.GetProperty("id").GetString()}")).ToList();
        Assert.DoesNotContain(ours, o => !covered.Contains(o));
    }
}
