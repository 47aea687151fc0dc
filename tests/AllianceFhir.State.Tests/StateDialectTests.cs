using AllianceFhir.State;

namespace AllianceFhir.State.Tests;

public sealed class StateDialectTests
{
    private const string Source = """
        create table t (
            id {id},
            n {int} not null,
            flag {bool} not null,
            at {timestamp} not null
        );
        --#if sqlite
        select 'only sqlite';
        --#endif
        --#if postgres
        select 'only postgres';
        --#endif
        """;

    [Fact]
    public void Render_WhenSqlite_ThenSqliteTypesAndOnlyTheSqliteSection()
    {
        var sql = StateDialect.Render(Source, StateProvider.Sqlite);

        Assert.Contains("id integer primary key autoincrement,", sql, StringComparison.Ordinal);
        Assert.Contains("n integer not null", sql, StringComparison.Ordinal);
        Assert.Contains("flag integer not null", sql, StringComparison.Ordinal);
        Assert.Contains("at text not null", sql, StringComparison.Ordinal);
        Assert.Contains("only sqlite", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("only postgres", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("--#", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WhenPostgres_ThenPostgresTypesAndOnlyThePostgresSection()
    {
        var sql = StateDialect.Render(Source, StateProvider.Postgres);

        Assert.Contains("id bigint generated always as identity primary key,", sql, StringComparison.Ordinal);
        Assert.Contains("n bigint not null", sql, StringComparison.Ordinal);
        Assert.Contains("flag bigint not null", sql, StringComparison.Ordinal);
        Assert.Contains("only postgres", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("only sqlite", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("create table t (x {datetime});", "{datetime}")]
    [InlineData("--#if sqlite\nselect 1;", "not closed")]
    [InlineData("--#if oracle\nselect 1;\n--#endif", "oracle")]
    [InlineData("select 1;\n--#endif", "without --#if")]
    public void Render_WhenTheSourceIsMalformed_ThenItFailsNamingTheProblem(string source, string named)
    {
        var error = Assert.Throws<FormatException>(() => StateDialect.Render(source, StateProvider.Sqlite));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scripts_WhenRendered_ThenNoTokenOrDirectiveIsLeftForEitherProvider()
    {
        foreach (var provider in Enum.GetValues<StateProvider>())
        {
            var scripts = StateMigrator.Scripts(provider);
            Assert.True(scripts.Count >= 6, $"{scripts.Count} scripts for {provider}");
            Assert.All(scripts, s => Assert.DoesNotMatch(@"\{\w+\}|(?m)^--#", s.Contents));
        }
    }
}
