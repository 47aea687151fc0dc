namespace AllianceFhir.State;

public enum StateProvider
{
    /// <summary>Embedded default: one file, no server.</summary>
    Sqlite,
    /// <summary>Production: shared by every service instance.</summary>
    Postgres,
}
