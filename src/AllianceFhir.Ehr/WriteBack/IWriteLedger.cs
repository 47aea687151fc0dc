namespace AllianceFhir.Ehr.WriteBack;

/// <summary>
/// Where write-back records what it wrote, so a re-run knows without asking the EHR. The service keeps a durable
/// ledger (its state database); the SMART app has none and uses <see cref="NoWriteLedger"/>, relying on conditional
/// create or a search by identifier before each create.
/// </summary>
public interface IWriteLedger
{
    Task RecordAsync(IEnumerable<LedgerEntry> entries, CancellationToken ct);

    /// <summary>The EHR ids of identifiers already confirmed, keyed by identifier value.</summary>
    Task<Dictionary<string, string?>> ConfirmedAsync(string resourceType, string identifierSystem, IReadOnlyCollection<string> values, CancellationToken ct);
}
