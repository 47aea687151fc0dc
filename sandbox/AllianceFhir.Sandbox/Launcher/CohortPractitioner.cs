namespace AllianceFhir.Sandbox.Launcher;

internal sealed record CohortPractitioner(string Id, string Name);
