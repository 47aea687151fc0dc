using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AllianceFhir.State;

/// <summary>Opens connections to the state database; stores take it and keep their SQL beside their methods.</summary>
public sealed class StateDatabase(IOptions<StateOptions> options)
{
    public StateProvider Provider => options.Value.Provider;

    /// <summary>
    /// "column is one of @values": Dapper expands a list for SQLite, while Npgsql sends an array, which PostgreSQL
    /// matches with = any(..).
    /// </summary>
    public string In(string column, string parameter) =>
        Provider == StateProvider.Postgres ? $"{column} = any(@{parameter})" : $"{column} in @{parameter}";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = Provider == StateProvider.Postgres
            ? new NpgsqlConnection(options.Value.ConnectionString)
            : new SqliteConnection(options.Value.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        if (connection is SqliteConnection)
        {
            // Several Hangfire workers write at once: wait for the lock instead of failing.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "pragma busy_timeout = 10000; pragma journal_mode = wal;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }
        return connection;
    }
}
