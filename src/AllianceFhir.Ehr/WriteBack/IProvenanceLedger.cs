namespace AllianceFhir.Ehr.WriteBack;

/// <summary>
/// Where write-back records which results are covered by a Provenance. R4 Provenance has no identifier, so only a
/// durable record tells a re-run (after a crash between a write and its Provenance) which results still need one.
/// The service's ledger implements it; without one (the SMART app) only what a call creates gets a Provenance.
/// </summary>
public interface IProvenanceLedger
{
    /// <summary>The targets ("Type/id") among <paramref name="targets"/> already recorded as covered.</summary>
    Task<IReadOnlySet<string>> CoveredAsync(IReadOnlyCollection<string> targets, CancellationToken ct);

    Task RecordCoveredAsync(IReadOnlyCollection<string> targets, string? runId, CancellationToken ct);
}
