using System.Net.Sockets;
using AllianceFhir.ThrowawayPostgres;
using Npgsql;

namespace AllianceFhir.Testing.Postgres.Tests;

public sealed class PostgresClusterTests
{
    [Fact]
    public async Task DisposeAsync_WhenClusterDisposed_ThenNewConnectionToItsPortFails()
    {
        var cluster = await PostgresCluster.StartAsync();
        var connectionString = cluster.ConnectionString();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(); // pooled: the cluster must clear it when disposed
        }

        await cluster.DisposeAsync();

        await using var after = new NpgsqlConnection(connectionString);
        var error = await Assert.ThrowsAsync<NpgsqlException>(() => after.OpenAsync());
        Assert.IsAssignableFrom<SocketException>(error.InnerException);
        Assert.False(Directory.Exists(cluster.Directory));
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", cluster.Port));
    }

    [Fact]
    public async Task StartAsync_WhenServerBinariesMissing_ThenFailsNamingTheInstallCommand()
    {
        var empty = Directory.CreateTempSubdirectory("alliancefhir-no-pg-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresCluster.StartAsync(serverBinaries: empty));

            Assert.Contains("PostgreSQL server is not available", error.Message, StringComparison.Ordinal);
            Assert.Contains("scripts/setup.sh", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public async Task StartAsync_WhenTwoClustersRun_ThenEachHasItsOwnPortAndFolder()
    {
        await using var first = await PostgresCluster.StartAsync();
        await using var second = await PostgresCluster.StartAsync();

        Assert.NotEqual(first.Port, second.Port);
        Assert.NotEqual(first.Directory, second.Directory);
        Assert.True(first.StartTime < TimeSpan.FromSeconds(60), $"start took {first.StartTime}");
    }

    [Fact]
    public async Task RestartAsync_WhenConnectionsWereOpenAtEachStop_ThenEveryRestartComesBackWithTheSameData()
    {
        // A fast stop with open connections leaves "FATAL: terminating connection due to administrator command" in
        // the log the next start appends to; start once mistook that line for its own failure (a CI flake).
        await using var cluster = await PostgresCluster.StartAsync();
        var connectionString = cluster.ConnectionString();
        await using (var setup = new NpgsqlConnection(connectionString))
        {
            await setup.OpenAsync();
            await using var create = new NpgsqlCommand("create table kept (n int); insert into kept values (42)", setup);
            await create.ExecuteNonQueryAsync();
        }

        for (var restart = 0; restart < 4; restart++)
        {
            await using var held = new NpgsqlConnection(connectionString + ";Pooling=false");
            await held.OpenAsync();

            await cluster.RestartAsync(TimeSpan.Zero);

            NpgsqlConnection.ClearAllPools();
            await using var after = new NpgsqlConnection(connectionString);
            await after.OpenAsync();
            await using var read = new NpgsqlCommand("select n from kept", after);
            Assert.Equal(42, (int)(await read.ExecuteScalarAsync())!);
        }

        var log = await File.ReadAllTextAsync(Path.Combine(cluster.Directory, "postgres.log"));
        Assert.Contains("terminating connection due to administrator command", log, StringComparison.Ordinal);
    }
}
