namespace AllianceFhir.Ehr.Client;

/// <summary>
/// A resource the EHR sent that does not parse as FHIR R4. Carries the raw JSON so the caller can quarantine it;
/// log only <see cref="Source"/> and <see cref="ResourceType"/>.
/// </summary>
/// <param name="Source">Where it came from: the page or file URL (redacted) and the entry's position.</param>
/// <param name="ResourceType">The resourceType it claimed, if any.</param>
/// <param name="Id">The id it claimed, if any.</param>
/// <param name="Reason">The parser's complaint (it may quote a value: keep it with the quarantined entry, not in logs).</param>
/// <param name="Json">The entry exactly as received.</param>
public sealed record MalformedEntry(string Source, string? ResourceType, string? Id, string Reason, string Json);
