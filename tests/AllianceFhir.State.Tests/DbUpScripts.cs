using AllianceFhir.State;
using DbUp;
using DbUp.Engine;

namespace AllianceFhir.State.Tests;

/// <summary>
/// The state migrations as they shipped before the one source: two hand-kept copies (State/DbUpScripts/{Sqlite,Postgres},
/// frozen copies of src/AllianceFhir.Service/State/Migrations/{Sqlite,Postgres} at that time), run the way that
/// StateMigrator ran them, journaled under their embedded resource names. A database made here is one a site has today.
/// </summary>
internal static class DbUpScripts
{
    public static void Migrate(StateProvider provider, string connectionString, int upTo = int.MaxValue)
    {
        var builder = provider == StateProvider.Postgres
            ? DeployChanges.To.PostgresqlDatabase(connectionString)
            : DeployChanges.To.SqliteDatabase(connectionString);
        var result = builder
            .WithScripts(Scripts(provider).Take(upTo))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        if (!result.Successful) throw new InvalidOperationException($"DbUp script {result.ErrorScript?.Name} failed", result.Error);
    }

    private static IEnumerable<SqlScript> Scripts(StateProvider provider)
    {
        var assembly = typeof(DbUpScripts).Assembly;
        var folder = $".DbUpScripts.{provider}.";
        return assembly.GetManifestResourceNames()
            .Where(name => name.Contains(folder, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                var file = name[(name.IndexOf(folder, StringComparison.Ordinal) + folder.Length)..];
                // The name the old StateMigrator's WithScriptsEmbeddedInAssembly journaled.
                return new SqlScript($"AllianceFhir.Service.State.Migrations.{provider}.{file}", reader.ReadToEnd());
            });
    }
}
