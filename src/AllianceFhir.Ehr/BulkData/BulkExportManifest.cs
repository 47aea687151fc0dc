namespace AllianceFhir.Ehr.BulkData;

/// <summary>The completion manifest of an export.</summary>
/// <param name="TransactionTime">The server's time when the export began: the next run's <c>_since</c>.</param>
/// <param name="Request">The kick-off URL as the server records it.</param>
/// <param name="RequiresAccessToken">Whether the files need the access token.</param>
/// <param name="Output">The data files.</param>
/// <param name="Error">Files of OperationOutcomes for what the server could not export.</param>
public sealed record BulkExportManifest(
    DateTimeOffset TransactionTime,
    string? Request,
    bool RequiresAccessToken,
    IReadOnlyList<BulkExportFile> Output,
    IReadOnlyList<BulkExportFile> Error);
