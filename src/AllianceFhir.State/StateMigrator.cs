using DbUp;
using DbUp.Engine;
using Microsoft.Extensions.Options;

namespace AllianceFhir.State;

/// <summary>Applies the numbered SQL migrations in State/Migrations/{provider}/ at start (DbUp journals what ran).</summary>
public sealed class StateMigrator(IOptions<StateOptions> options)
{
    public void Migrate()
    {
        var o = options.Value;
        if (o.Provider == StateProvider.Postgres)
        {
            // Several instances start at once: one migrates while the others wait (a session advisory lock).
            using var gate = new Npgsql.NpgsqlConnection(o.ConnectionString);
            gate.Open();
            using (var lockCommand = new Npgsql.NpgsqlCommand("select pg_advisory_lock(727274)", gate)) lockCommand.ExecuteNonQuery();
            try
            {
                Upgrade(o);
            }
            finally
            {
                // A pooled connection keeps its session, and the session its lock: release it explicitly.
                using var unlock = new Npgsql.NpgsqlCommand("select pg_advisory_unlock(727274)", gate);
                unlock.ExecuteNonQuery();
            }
            return;
        }
        Upgrade(o);
    }

    private static void Upgrade(StateOptions o)
    {
        var folder = $".State.Migrations.{o.Provider}.";
        var builder = o.Provider == StateProvider.Postgres
            ? DeployChanges.To.PostgresqlDatabase(o.ConnectionString)
            : DeployChanges.To.SqliteDatabase(o.ConnectionString);
        var result = builder
            .WithScriptsEmbeddedInAssembly(typeof(StateMigrator).Assembly, name => name.Contains(folder, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"State migration {result.ErrorScript?.Name ?? "(unknown)"} failed: {result.Error.Message}", result.Error);
    }
}
