using AllianceFhir.State;
using AllianceFhir.Testing.Files;
using AllianceFhir.Testing.Postgres;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Testing.State;

/// <summary>
/// Fresh, migrated state databases on either real provider: a SQLite file in a temporary folder, or a new database
/// in the throwaway PostgreSQL cluster. Migrations run twice, as at every start: the second run must change nothing.
/// </summary>
public sealed class StateDatabases(PostgresFixture postgres) : IDisposable
{
    private readonly TempFolder _sqlite = new();

    public async Task<StateDatabase> CreateAsync(StateProvider provider, string name)
    {
        var options = Options.Create(new StateOptions
        {
            Provider = provider,
            ConnectionString = provider == StateProvider.Postgres
                ? await postgres.CreateDatabaseAsync(name)
                : $"Data Source={_sqlite.Combine(name + ".db")}",
        });
        new StateMigrator(options).Migrate();
        new StateMigrator(options).Migrate();
        return new StateDatabase(options);
    }

    public void Dispose() => _sqlite.Dispose();
}
