namespace AllianceFhir.Sandbox.Launcher;

/// <summary>A parent or carer on record (RelatedPerson) and the patient they are related to.</summary>
public sealed record CohortRelatedPerson(string Id, string Name, string? Relationship, string PatientId, string PatientName);
