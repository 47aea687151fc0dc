namespace AllianceFhir.Sandbox.Authorization;

/// <summary>
/// What the EHR knows when a clinician launches the app from a chart: who, which patient, which encounter, and
/// whether the app appears inside the chart (which shows the patient banner) or on a page of its own. A launch from the
/// patient portal has a Patient or RelatedPerson user (<see cref="UserType"/>; <see cref="PractitionerId"/> is then that
/// user's id).
/// </summary>
internal sealed record LaunchContext(
    string PatientId,
    string PractitionerId,
    string? EncounterId,
    IReadOnlySet<string> WithheldScopes,
    bool EhrShowsBanner,
    DateTimeOffset Created,
    string UserType = "Practitioner");
