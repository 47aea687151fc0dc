namespace AllianceFhir.Ehr.BulkData;

/// <summary>What to export.</summary>
/// <param name="Level">System, Patient or Group level.</param>
/// <param name="GroupId">The Group's id, for <see cref="BulkExportLevel.Group"/>.</param>
/// <param name="Since">Only resources changed after this (<c>_since</c>); use the previous manifest's transactionTime.</param>
/// <param name="Types">Resource types to include (<c>_type</c>); empty means all the server offers.</param>
public sealed record BulkExportRequest(
    BulkExportLevel Level = BulkExportLevel.System,
    string? GroupId = null,
    DateTimeOffset? Since = null,
    IReadOnlyList<string>? Types = null);
