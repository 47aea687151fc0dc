using System.Data.Common;
using System.Text.RegularExpressions;
using AllianceFhir.State;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AllianceFhir.State.Tests;

/// <summary>
/// A database's schema as lines a test can compare and print: tables, columns with their types, nullability, defaults
/// and identity; indexes (partial ones with their predicate); constraints; triggers and functions. Read from the
/// catalogue (pragma and sqlite_master on SQLite, information_schema and pg_catalog on PostgreSQL), never from the
/// scripts. The journal table's layout is included; its rows are not.
/// </summary>
internal static partial class SchemaSnapshot
{
    public static async Task<IReadOnlyList<string>> ReadAsync(StateProvider provider, string connectionString)
    {
        if (provider == StateProvider.Postgres)
        {
            await using var pg = new NpgsqlConnection(connectionString);
            await pg.OpenAsync();
            return await PostgresAsync(pg);
        }
        await using var sqlite = new SqliteConnection(connectionString);
        await sqlite.OpenAsync();
        return await SqliteAsync(sqlite);
    }

    private static async Task<IReadOnlyList<string>> SqliteAsync(DbConnection c)
    {
        var lines = new List<string>();
        var objects = (await c.QueryAsync<(string Type, string Name, string Table, string? Sql)>(
            "select type, name, tbl_name, sql from sqlite_master order by type, name")).ToList();
        foreach (var (type, name, table, sql) in objects)
        {
            // Automatic indexes (primary keys, unique) have no SQL; pragma index_list below names them.
            lines.Add($"{type} {name} on {table}: {Normalize(sql ?? "(automatic)")}");
            if (type != "table") continue;
            foreach (var col in await c.QueryAsync<(long Cid, string Name, string Type, long NotNull, string? Default, long Pk)>($"select cid, name, type, \"notnull\", dflt_value, pk from pragma_table_info('{name}')"))
                lines.Add($"column {name}.{col.Name} #{col.Cid} {col.Type.ToLowerInvariant()} notnull={col.NotNull} default={col.Default} pk={col.Pk}");
            foreach (var index in await c.QueryAsync<(string Name, long Unique, string Origin, long Partial)>($"select name, \"unique\", origin, partial from pragma_index_list('{name}')"))
            {
                var columns = await c.QueryAsync<string>($"select name from pragma_index_info('{index.Name}') order by seqno");
                lines.Add($"index {name}.{index.Name} ({string.Join(", ", columns)}) unique={index.Unique} origin={index.Origin} partial={index.Partial}");
            }
        }
        return lines;
    }

    private static async Task<IReadOnlyList<string>> PostgresAsync(DbConnection c)
    {
        var lines = new List<string>();
        foreach (var col in await c.QueryAsync<(string Table, string Column, int Position, string Type, string Nullable, string? Default, string Identity, string? Generation)>("""
            select table_name, column_name, ordinal_position::int, data_type, is_nullable, column_default, is_identity, identity_generation
            from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position
            """))
            lines.Add($"column {col.Table}.{col.Column} #{col.Position} {col.Type} nullable={col.Nullable} default={col.Default} identity={col.Identity} {col.Generation}");
        foreach (var (table, name, type, definition) in await c.QueryAsync<(string, string, string, string)>("""
            select cl.relname, co.conname, co.contype::text, pg_get_constraintdef(co.oid)
            from pg_constraint co join pg_class cl on cl.oid = co.conrelid join pg_namespace n on n.oid = cl.relnamespace
            where n.nspname = 'public' order by cl.relname, co.conname
            """))
            lines.Add($"constraint {table}.{name} {type}: {definition}");
        foreach (var (table, name, definition) in await c.QueryAsync<(string, string, string)>(
            "select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by tablename, indexname"))
            lines.Add($"index {table}.{name}: {definition}");
        foreach (var (table, name, definition) in await c.QueryAsync<(string, string, string)>("""
            select cl.relname, t.tgname, pg_get_triggerdef(t.oid)
            from pg_trigger t join pg_class cl on cl.oid = t.tgrelid join pg_namespace n on n.oid = cl.relnamespace
            where n.nspname = 'public' and not t.tgisinternal order by cl.relname, t.tgname
            """))
            lines.Add($"trigger {table}.{name}: {definition}");
        foreach (var (name, definition) in await c.QueryAsync<(string, string)>("""
            select p.proname, pg_get_functiondef(p.oid) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = 'public' order by p.proname
            """))
            lines.Add($"function {name}: {Normalize(definition)}");
        foreach (var (name, type) in await c.QueryAsync<(string, string)>(
            "select sequence_name, data_type from information_schema.sequences where sequence_schema = 'public' order by sequence_name"))
            lines.Add($"sequence {name} {type}");
        return lines;
    }

    /// <summary>Asserts two snapshots are the same, naming the lines only one of them has ("- expected", "+ actual").</summary>
    public static void AssertSame(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        Assert.Empty(expected.Except(actual).Select(l => $"- {l}").Concat(actual.Except(expected).Select(l => $"+ {l}")));
        Assert.Equal(expected, actual);
    }

    /// <summary>SQL as the catalogue keeps it, without comments, case or layout: what the database will do with it.</summary>
    private static string Normalize(string sql)
    {
        var text = LineComment().Replace(sql, " ");
        text = Whitespace().Replace(text, " ").Trim().ToLowerInvariant();
        return SpaceAroundPunctuation().Replace(text, m => m.Value.Trim());
    }

    [GeneratedRegex("--[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s*[(),]\s*")]
    private static partial Regex SpaceAroundPunctuation();
}
