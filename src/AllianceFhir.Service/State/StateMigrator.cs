using DbUp;
using DbUp.Engine;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.State;

/// <summary>Applies the numbered SQL migrations in State/Migrations/{provider}/ at start (DbUp journals what ran).</summary>
public sealed class StateMigrator(IOptions<StateOptions> options)
{
    public void Migrate()
    {
        var o = options.Value;
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
