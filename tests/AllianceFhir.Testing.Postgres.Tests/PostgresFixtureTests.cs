using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Npgsql;
using Xunit.Abstractions;

namespace AllianceFhir.Testing.Postgres.Tests;

public sealed class PostgresFixtureTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task InitializeAsync_WhenFixtureStarts_ThenServerAcceptsConnectionAndNamesPostgreSql()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString());
        await connection.OpenAsync();

        var version = await Scalar<string>(connection, "select version()");

        Assert.StartsWith("PostgreSQL ", version, StringComparison.Ordinal);
        output.WriteLine($"{version}; cluster started in {postgres.Cluster.StartTime.TotalSeconds:0.00}s");
    }

    [Fact]
    public async Task CreateDatabaseAsync_WhenTableCreatedInOneDatabase_ThenTableAbsentInTheOther()
    {
        var first = await postgres.CreateDatabaseAsync("isolation_first");
        var second = await postgres.CreateDatabaseAsync("isolation_second");

        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync();
            await Execute(connection, "create table only_in_first (id int primary key); insert into only_in_first values (1)");
            Assert.Equal(1L, await Scalar<long>(connection, "select count(*) from only_in_first"));
        }

        await using (var connection = new NpgsqlConnection(second))
        {
            await connection.OpenAsync();
            Assert.Equal("isolation_second", await Scalar<string>(connection, "select current_database()"));
            Assert.False(await Scalar<bool>(connection, "select to_regclass('only_in_first') is not null"));
            var error = await Assert.ThrowsAsync<PostgresException>(() => Scalar<long>(connection, "select count(*) from only_in_first"));
            Assert.Equal(PostgresErrorCodes.UndefinedTable, error.SqlState);
        }
    }

    [Fact]
    public async Task CreateDatabaseAsync_WhenNameIsNotAPlainIdentifier_ThenThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => postgres.CreateDatabaseAsync("bad\"; drop database postgres; --"));
    }

    [Fact]
    public async Task ShowListenAddresses_WhenClusterRuns_ThenLoopbackOnly()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString());
        await connection.OpenAsync();

        Assert.Equal("127.0.0.1", await Scalar<string>(connection, "show listen_addresses"));
        Assert.Equal("127.0.0.1", (await Scalar<IPAddress>(connection, "select inet_server_addr()")).ToString());

        // And nothing answers on this machine's other addresses.
        foreach (var address in NonLoopbackAddresses())
        {
            using var client = new TcpClient(address.AddressFamily);
            await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(address, postgres.Cluster.Port));
        }
    }

    [Fact]
    public async Task ShowFsync_WhenClusterRuns_ThenOffBecauseTheClusterIsThrowaway()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString());
        await connection.OpenAsync();

        Assert.Equal("off", await Scalar<string>(connection, "show fsync"));
        Assert.Equal("off", await Scalar<string>(connection, "show synchronous_commit"));
        Assert.Equal("UTF8", await Scalar<string>(connection, "show server_encoding"));
    }

    private static IEnumerable<IPAddress> NonLoopbackAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .Where(address => !IPAddress.IsLoopback(address) && !address.IsIPv6LinkLocal
                && address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6);

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
