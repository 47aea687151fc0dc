namespace AllianceFhir.Ehr.WriteBack;

/// <summary>What happened to one resource written in a Bundle.</summary>
public sealed record WriteResult(
    string ResourceType,
    string IdentifierSystem,
    string IdentifierValue,
    WriteOutcome Outcome,
    int? StatusCode,
    string? EhrId,
    string? OperationOutcome);
