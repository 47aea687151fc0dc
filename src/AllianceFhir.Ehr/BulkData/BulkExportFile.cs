namespace AllianceFhir.Ehr.BulkData;

/// <summary>One ndjson file of a completed export.</summary>
/// <param name="Type">The resource type in the file (OperationOutcome for error files).</param>
/// <param name="Url">Where to download it.</param>
/// <param name="Count">The number of resources, if the server said.</param>
/// <param name="RequiresAccessToken">Whether the download must carry the EHR access token (from the manifest).</param>
public sealed record BulkExportFile(string Type, Uri Url, long? Count, bool RequiresAccessToken);
