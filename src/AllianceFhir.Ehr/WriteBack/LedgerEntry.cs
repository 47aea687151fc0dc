namespace AllianceFhir.Ehr.WriteBack;

/// <summary>One write to the EHR as the ledger records it.</summary>
public sealed record LedgerEntry(
    string ResourceType,
    string IdentifierSystem,
    string IdentifierValue,
    string? EhrId,
    string Outcome,
    int? StatusCode,
    string? OperationOutcome,
    string? RunId);
