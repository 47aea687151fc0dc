namespace AllianceFhir.Ehr.BulkData;

/// <summary>
/// An export the server accepted. Store <see cref="StatusUrl"/> to resume waiting after a restart
/// (<see cref="BulkExportClient.WaitForManifestAsync"/> takes a job built from it).
/// </summary>
/// <param name="StatusUrl">The Content-Location the server returned for polling and cancelling.</param>
/// <param name="StartedAt">When the kick-off was accepted, by the injected clock.</param>
public sealed record BulkExportJob(Uri StatusUrl, DateTimeOffset StartedAt);
