using AllianceFhir.State;
using AllianceFhir.Testing.Files;
using AllianceFhir.Testing.Postgres;
using Dapper;
using Microsoft.Extensions.Options;

namespace AllianceFhir.State.Tests;

/// <summary>
/// The one migration source (docs/adr/0011-one-migration-source.md) against both real databases: a fresh database gets
/// the schema the two hand-kept DbUp copies gave, and a database those copies migrated starts without running anything
/// again.
/// </summary>
public sealed class StateMigratorTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    /// <summary>What the DbUp copies held; migrations added since run on top of them.</summary>
    private static readonly string[] DbUpCopies =
    [
        "0001_initial.sql", "0002_reports.sql", "0003_cds_hooks.sql", "0004_alert_lifecycle.sql",
        "0005_following_the_record.sql", "0006_provenance_targets.sql",
    ];

    private static IEnumerable<string> All(StateProvider provider) => StateMigrator.Scripts(provider).Select(s => s.Name);

    private static IEnumerable<string> Since0006(StateProvider provider) => All(provider).Except(DbUpCopies);

    private readonly TempFolder _sqlite = new();

    public void Dispose() => _sqlite.Dispose();

    private async Task<string> EmptyAsync(StateProvider provider, string name) =>
        provider == StateProvider.Postgres
            ? await postgres.CreateDatabaseAsync($"{name}_{provider}".ToLowerInvariant())
            : $"Data Source={_sqlite.Combine(name + ".db")};Pooling=False";

    private static StateMigrator Migrator(StateProvider provider, string connectionString) =>
        new(Options.Create(new StateOptions { Provider = provider, ConnectionString = connectionString }));

    [Theory]
    [InlineData(StateProvider.Sqlite)]
    [InlineData(StateProvider.Postgres)]
    public async Task Migrate_WhenTheDatabaseIsEmpty_ThenItsSchemaIsTheOneTheDbUpCopiesCreated(StateProvider provider)
    {
        var old = await EmptyAsync(provider, "old");
        DbUpScripts.Migrate(provider, old);
        Assert.Equal(Since0006(provider), Migrator(provider, old).Migrate());
        var fresh = await EmptyAsync(provider, "fresh");

        var ran = Migrator(provider, fresh).Migrate();

        Assert.Equal(All(provider), ran);
        Assert.Equal(DbUpCopies, ran.Take(6));
        var expected = await SchemaSnapshot.ReadAsync(provider, old);
        Assert.Contains(expected, line => line.Contains("scored_here", StringComparison.Ordinal));
        Assert.Contains(expected, line => line.Contains("alert_events_no", StringComparison.Ordinal));
        SchemaSnapshot.AssertSame(expected, await SchemaSnapshot.ReadAsync(provider, fresh));
    }

    [Theory]
    [InlineData(StateProvider.Sqlite)]
    [InlineData(StateProvider.Postgres)]
    public async Task Migrate_WhenTheDbUpCopiesMigratedTheDatabase_ThenNothingRunsAgainAndRowsAndSchemaStay(StateProvider provider)
    {
        var old = await EmptyAsync(provider, "upgraded");
        DbUpScripts.Migrate(provider, old);
        var fresh = await EmptyAsync(provider, "fresh_upgrade");
        Migrator(provider, fresh).Migrate();
        var db = new StateDatabase(Options.Create(new StateOptions { Provider = provider, ConnectionString = old }));
        var checkpoint = new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);
        await new CheckpointStore(db, TimeProvider.System).AdvanceAsync("nightly-scoring", checkpoint, CancellationToken.None);

        var first = Migrator(provider, old).Migrate();
        var second = Migrator(provider, old).Migrate();

        Assert.Equal(Since0006(provider), first);
        Assert.Empty(second);
        SchemaSnapshot.AssertSame(await SchemaSnapshot.ReadAsync(provider, fresh), await SchemaSnapshot.ReadAsync(provider, old));
        Assert.Equal(checkpoint, await new CheckpointStore(db, TimeProvider.System).GetAsync("nightly-scoring", CancellationToken.None));
        await using var c = await db.OpenAsync(CancellationToken.None);
        Assert.Equal(All(provider).Count(), await c.ExecuteScalarAsync<long>("select count(*) from schemaversions"));
    }

    [Theory]
    [InlineData(StateProvider.Sqlite)]
    [InlineData(StateProvider.Postgres)]
    public async Task Migrate_WhenTheDbUpCopiesRanOnlyUpTo0005_ThenOnly0006RunsAndTheSchemaIsTheFreshOne(StateProvider provider)
    {
        var older = await EmptyAsync(provider, "older");
        DbUpScripts.Migrate(provider, older, upTo: 5);
        var fresh = await EmptyAsync(provider, "fresh_again");
        Migrator(provider, fresh).Migrate();

        var ran = Migrator(provider, older).Migrate();

        Assert.Equal(Since0006(provider).Prepend("0006_provenance_targets.sql"), ran);
        SchemaSnapshot.AssertSame(await SchemaSnapshot.ReadAsync(provider, fresh), await SchemaSnapshot.ReadAsync(provider, older));
    }

    [Fact]
    public async Task Migrate_WhenSeveralInstancesStartAtOnceOnPostgres_ThenEachMigrationRunsOnce()
    {
        var shared = await EmptyAsync(StateProvider.Postgres, "instances");

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Migrator(StateProvider.Postgres, shared).Migrate())));

        Assert.Equal(All(StateProvider.Postgres), runs.SelectMany(r => r).Order(StringComparer.Ordinal));
        await using var c = new Npgsql.NpgsqlConnection(shared);
        Assert.Equal(All(StateProvider.Postgres).Count(), await c.ExecuteScalarAsync<long>("select count(*) from schemaversions"));
    }

    [Theory]
    [InlineData(StateProvider.Sqlite)]
    [InlineData(StateProvider.Postgres)]
    public async Task Migrate_WhenAnAlertEventIsChangedAfterwards_ThenTheAppendOnlyTriggerOfItsDialectRefusesIt(StateProvider provider)
    {
        var connectionString = await EmptyAsync(provider, "append_only");
        Migrator(provider, connectionString).Migrate();
        var db = new StateDatabase(Options.Create(new StateOptions { Provider = provider, ConnectionString = connectionString }));
        await using var c = await db.OpenAsync(CancellationToken.None);
        await c.ExecuteAsync("""
            insert into alert_events (alert_key, event, actor, at, source, recorded_at)
            values ('k', 'raised', 'AllianceFhir', '2026-12-01T00:00:00.0000000Z', 'service', '2026-12-01T00:00:00.0000000Z')
            """);

        var refused = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => c.ExecuteAsync("delete from alert_events"));

        Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
    }
}
