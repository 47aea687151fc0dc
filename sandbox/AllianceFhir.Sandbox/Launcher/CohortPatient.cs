namespace AllianceFhir.Sandbox.Launcher;

/// <summary>One row of the launcher: a patient with their MRN, age, clinic and clinician (general practitioner).</summary>
public sealed record CohortPatient(string Id, string Name, string? Mrn, int? Age, string? Clinic, string? ClinicianId, string? ClinicianName);
