namespace AllianceFhir.Ehr.WriteBack;

/// <summary>One write to the EHR as the ledger records it (<paramref name="Outcome"/> stored as <see cref="WriteOutcomeText"/>; never <see cref="WriteOutcome.Retry"/>).</summary>
public sealed record LedgerEntry(
    string ResourceType,
    string IdentifierSystem,
    string IdentifierValue,
    string? EhrId,
    WriteOutcome Outcome,
    int? StatusCode,
    string? OperationOutcome,
    string? RunId);
