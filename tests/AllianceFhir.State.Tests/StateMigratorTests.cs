using AllianceFhir.State;
using AllianceFhir.Testing.Postgres;
using AllianceFhir.Testing.State;
using Dapper;

namespace AllianceFhir.State.Tests;

/// <summary>The migrations moved from AllianceFhir.Service into this project (issue 11 §2) without being run again.</summary>
public sealed class StateMigratorTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    /// <summary>The resource prefix DbUp journalled every script under while they lived in AllianceFhir.Service.</summary>
    private const string JournalledBeforeTheSplit = "AllianceFhir.Service.State.Migrations.";

    private readonly StateDatabases _databases = new(postgres);

    public void Dispose() => _databases.Dispose();

    [Theory]
    [InlineData(StateProvider.Sqlite)]
    [InlineData(StateProvider.Postgres)]
    public async Task Migrate_WhenScriptsAreJournalled_ThenEachKeepsTheNameItHadInTheService(StateProvider provider)
    {
        var database = await _databases.CreateAsync(provider, $"journal_{provider}".ToLowerInvariant());
        await using var connection = await database.OpenAsync(CancellationToken.None);

        var journalled = (await connection.QueryAsync<string>(provider == StateProvider.Postgres
            ? "select scriptname from schemaversions order by scriptname"
            : "select ScriptName from SchemaVersions order by ScriptName")).ToList();

        // A database migrated by the service before the split holds these names: any other name would run again there.
        var onDisk = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Migrations", provider.ToString()), "*.sql")
            .Select(f => $"{JournalledBeforeTheSplit}{provider}.{Path.GetFileName(f)}").Order(StringComparer.Ordinal).ToList();
        Assert.Contains($"{JournalledBeforeTheSplit}{provider}.0001_initial.sql", journalled);
        Assert.Equal(onDisk, journalled);
    }
}
