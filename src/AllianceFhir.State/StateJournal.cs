using System.Data;
using System.Text.RegularExpressions;
using DbUp.Engine;

namespace AllianceFhir.State;

/// <summary>
/// DbUp's journal (table SchemaVersions / schemaversions), read by the migration's file name. Until the one source
/// (docs/adr/0011-one-migration-source.md) a script was journaled under its embedded resource name, such as
/// "AllianceFhir.Service.State.Migrations.Sqlite.0001_initial.sql"; now it is journaled as "0001_initial.sql". Reading
/// both as the file name lets a database migrated by the old copies start without running anything again, and keeps
/// the journal independent of the assembly and namespace the scripts are embedded in.
/// </summary>
internal sealed partial class StateJournal(IJournal journal) : IJournal
{
    public string[] GetExecutedScripts() => [.. journal.GetExecutedScripts().Select(ScriptName).Distinct(StringComparer.Ordinal)];

    public void StoreExecutedScript(SqlScript script, Func<IDbCommand> dbCommandFactory) => journal.StoreExecutedScript(script, dbCommandFactory);

    public void EnsureTableExistsAndIsLatestVersion(Func<IDbCommand> dbCommandFactory) => journal.EnsureTableExistsAndIsLatestVersion(dbCommandFactory);

    /// <summary>"…Migrations.Sqlite.0001_initial.sql", "…Migrations.0001_initial.sql" and "0001_initial.sql" all name "0001_initial.sql".</summary>
    public static string ScriptName(string journaledOrResourceName)
    {
        var match = FileName().Match(journaledOrResourceName);
        return match.Success ? match.Value : journaledOrResourceName;
    }

    [GeneratedRegex(@"\d{4}_\w+\.sql$")]
    private static partial Regex FileName();
}
