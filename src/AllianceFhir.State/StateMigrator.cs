using System.Text.RegularExpressions;
using DbUp;
using DbUp.Engine;
using Microsoft.Extensions.Options;

namespace AllianceFhir.State;

/// <summary>
/// Applies the numbered migrations in Migrations/ at start, each written once and rendered per provider by
/// <see cref="StateDialect"/>; DbUp journals what ran (<see cref="StateJournal"/>). docs/adr/0011-one-migration-source.md
/// </summary>
public sealed partial class StateMigrator(IOptions<StateOptions> options)
{
    /// <summary>Runs the migrations the database has not run yet; returns their names ("0007_name.sql"), in order.</summary>
    public IReadOnlyList<string> Migrate()
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
                return Upgrade(o);
            }
            finally
            {
                // A pooled connection keeps its session, and the session its lock: release it explicitly.
                using var unlock = new Npgsql.NpgsqlCommand("select pg_advisory_unlock(727274)", gate);
                unlock.ExecuteNonQuery();
            }
        }
        return Upgrade(o);
    }

    /// <summary>Every migration rendered for <paramref name="provider"/>, named by its file ("0001_initial.sql").</summary>
    internal static IReadOnlyList<SqlScript> Scripts(StateProvider provider)
    {
        var assembly = typeof(StateMigrator).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(name => Resource().IsMatch(name))
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return new SqlScript(StateJournal.ScriptName(name), StateDialect.Render(reader.ReadToEnd(), provider));
            })
            .OrderBy(script => script.Name, StringComparer.Ordinal)];
    }

    /// <summary>"….Migrations.0001_initial.sql", whatever the assembly's namespace (not the old per-provider copies).</summary>
    [GeneratedRegex(@"(?:^|\.)Migrations\.\d{4}_\w+\.sql$")]
    private static partial Regex Resource();

    private static IReadOnlyList<string> Upgrade(StateOptions o)
    {
        var builder = o.Provider == StateProvider.Postgres
            ? DeployChanges.To.PostgresqlDatabase(o.ConnectionString)
            : DeployChanges.To.SqliteDatabase(o.ConnectionString);
        // The provider's default journal (set by the line above) is wrapped, not replaced: same table, same columns.
        builder.Configure(c => c.Journal = new StateJournal(c.Journal));
        var result = builder
            .WithScripts(Scripts(o.Provider))
            .WithVariablesDisabled()
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"State migration {result.ErrorScript?.Name ?? "(unknown)"} failed: {result.Error.Message}", result.Error);
        return [.. result.Scripts.Select(s => s.Name)];
    }
}
