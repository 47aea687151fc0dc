namespace AllianceFhir.Smart.Session;

/// <summary>
/// What a SMART launch established for this browser session: the EHR, the patient in context, the user, and the
/// scopes the EHR actually granted (which may be fewer than requested). Read by every feature endpoint.
/// </summary>
public sealed record SmartLaunchContext(
    Uri FhirBaseUrl,
    string PatientId,
    string? EncounterId,
    string? FhirUser,
    IReadOnlySet<string> GrantedScopes,
    bool NeedPatientBanner,
    string? SmartStyleUrl,
    IReadOnlyList<string> FhirContextReferences);
