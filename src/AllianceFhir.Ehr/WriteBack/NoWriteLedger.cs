namespace AllianceFhir.Ehr.WriteBack;

/// <summary>
/// No local record: every write is checked against the EHR itself (conditional create, or a search by identifier
/// before a plain create). Right for the SMART app, which writes a few resources per request and keeps no state.
/// </summary>
public sealed class NoWriteLedger : IWriteLedger
{
    public static readonly NoWriteLedger Instance = new();

    public Task RecordAsync(IEnumerable<LedgerEntry> entries, CancellationToken ct) => Task.CompletedTask;

    public Task<Dictionary<string, string?>> ConfirmedAsync(string resourceType, string identifierSystem, IReadOnlyCollection<string> values, CancellationToken ct) =>
        Task.FromResult(new Dictionary<string, string?>(StringComparer.Ordinal));
}
