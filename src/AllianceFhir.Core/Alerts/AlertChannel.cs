namespace AllianceFhir.Core.Alerts;

/// <summary>The resource an alert is written as; chosen per EHR (docs/domain.md §5).</summary>
public enum AlertChannel
{
    Flag,
    Task,
    Communication,
}
