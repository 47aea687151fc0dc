namespace AllianceFhir.Core.Alerts.Lifecycle;

/// <summary>
/// One step of an alert's lifecycle: the state it moved to, who moved it (a FHIR reference such as
/// <c>Practitioner/123</c>, or <c>AllianceFhir</c> for the service itself), when, and why (a short reason such as
/// "rupture repaired" or "response entered in error"; never patient free text).
/// </summary>
public sealed record AlertStep(AlertState To, string By, DateTimeOffset At, string Why);
