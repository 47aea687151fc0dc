namespace AllianceFhir.Core.Alerts;

/// <summary>FHIR request-priority codes.</summary>
public enum AlertPriority
{
    Routine,
    Urgent,
    Stat,
}
