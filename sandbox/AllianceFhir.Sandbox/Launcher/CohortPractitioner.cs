namespace AllianceFhir.Sandbox.Launcher;

public sealed record CohortPractitioner(string Id, string Name);
