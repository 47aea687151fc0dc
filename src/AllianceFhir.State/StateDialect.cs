using System.Text;
using System.Text.RegularExpressions;

namespace AllianceFhir.State;

/// <summary>
/// Renders a migration written once (Migrations/NNNN_name.sql) for one provider: the type tokens become the
/// provider's column types, and <c>--#if sqlite</c> / <c>--#if postgres</c> … <c>--#endif</c> sections are kept for
/// their provider only (docs/adr/0011-one-migration-source.md). The mapping yields the schema the two hand-kept
/// copies of 0001–0006 created, so databases migrated before keep theirs.
/// </summary>
internal static partial class StateDialect
{
    private static readonly Dictionary<string, (string Sqlite, string Postgres)> Types = new(StringComparer.Ordinal)
    {
        // A surrogate key the database numbers.
        ["id"] = ("integer primary key autoincrement", "bigint generated always as identity primary key"),
        // A 64-bit count or number (SQLite's integer is 64-bit).
        ["int"] = ("integer", "bigint"),
        // 0 or 1; the stores bind and read a long (ScorePointStore: ScoredHere != 0).
        ["bool"] = ("integer", "bigint"),
        // Fixed-width ISO 8601 UTC text written and read through StateTime: text order is time order in both.
        ["timestamp"] = ("text", "text"),
    };

    public static string Render(string source, StateProvider provider)
    {
        var kept = new StringBuilder(source.Length);
        string? section = null;
        var lineNumber = 0;
        foreach (var line in source.Split('\n'))
        {
            lineNumber++;
            var directive = Directive().Match(line);
            if (directive.Success)
            {
                var word = directive.Groups["word"].Value;
                if (word == "endif")
                {
                    if (section is null) throw new FormatException($"line {lineNumber}: --#endif without --#if");
                    section = null;
                }
                else
                {
                    if (section is not null) throw new FormatException($"line {lineNumber}: --#if inside --#if {section}");
                    section = directive.Groups["dialect"].Value;
                    if (!Enum.TryParse<StateProvider>(section, ignoreCase: true, out _))
                        throw new FormatException($"line {lineNumber}: unknown dialect '{section}' (sqlite or postgres)");
                }
                continue;
            }
            if (section is null || string.Equals(section, provider.ToString(), StringComparison.OrdinalIgnoreCase))
                kept.Append(line).Append('\n');
        }
        if (section is not null) throw new FormatException($"--#if {section} is not closed by --#endif");
        // Split added one '\n' per line: the last line had none.
        kept.Length--;
        return Token().Replace(kept.ToString(), token =>
        {
            var name = token.Groups["name"].Value;
            if (!Types.TryGetValue(name, out var type))
                throw new FormatException($"unknown type token {{{name}}} (known: {string.Join(", ", Types.Keys.Select(k => $"{{{k}}}"))})");
            return provider == StateProvider.Postgres ? type.Postgres : type.Sqlite;
        });
    }

    [GeneratedRegex(@"^--#(?<word>if|endif)(?:[ \t]+(?<dialect>\w+))?[ \t]*\r?$")]
    private static partial Regex Directive();

    [GeneratedRegex(@"\{(?<name>\w+)\}")]
    private static partial Regex Token();
}
