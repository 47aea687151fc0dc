namespace AllianceFhir.Ehr.WriteBack;

/// <summary>
/// Where write-back records what it wrote, so a re-run knows without asking the EHR. The service keeps a durable
/// ledger (its state database); the SMART app has none and uses <see cref="NoWriteLedger"/>, relying on conditional
/// create or a search by identifier before each create.
/// </summary>
public interface IWriteLedger
{
    Task RecordAsync(IEnumerable<LedgerEntry> entries, CancellationToken ct);

    /// <summary>The EHR ids of identifiers already confirmed, keyed by identifier value (the current one where a revision replaced it).</summary>
    Task<Dictionary<string, string?>> ConfirmedAsync(string resourceType, string identifierSystem, IReadOnlyCollection<string> values, CancellationToken ct);

    /// <summary>
    /// What the ledger knows of the current EHR resource per identifier value: its id, and its version and content
    /// hash where we wrote it. No ledger: nothing known, write-back asks the EHR.
    /// </summary>
    Task<Dictionary<string, CurrentWrite>> CurrentAsync(string resourceType, string identifierSystem, IReadOnlyCollection<string> values, CancellationToken ct) =>
        Task.FromResult(new Dictionary<string, CurrentWrite>(StringComparer.Ordinal));

    /// <summary>Records which EHR resource is now current per identifier, with the state written there (replacing what was recorded).</summary>
    Task RecordCurrentAsync(IEnumerable<CurrentWrite> entries, CancellationToken ct) => Task.CompletedTask;
}
