namespace AllianceFhir.State;

/// <summary>Where the service keeps its own state (checkpoints, ledger, quarantine, score history). Section "State".</summary>
public sealed class StateOptions
{
    public const string Section = "State";

    public StateProvider Provider { get; set; } = StateProvider.Sqlite;

    /// <summary>SQLite: "Data Source=alliancefhir.db"; PostgreSQL: an Npgsql connection string.</summary>
    public string ConnectionString { get; set; } = "Data Source=alliancefhir-state.db";
}
