namespace AllianceFhir.Sandbox.Authorization;

/// <summary>What the EHR knows when a clinician launches the app from a chart: who, which patient, which encounter.</summary>
internal sealed record LaunchContext(
    string PatientId,
    string PractitionerId,
    string? EncounterId,
    IReadOnlySet<string> WithheldScopes,
    DateTimeOffset Created);
