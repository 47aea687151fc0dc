namespace AllianceFhir.Core.Alerts.Lifecycle;

public enum AlertTransitionResult
{
    /// <summary>The alert moved to the new state: record the step.</summary>
    Moved,
    /// <summary>The alert is already there: nothing to record, the first step's who/when stand.</summary>
    Unchanged,
    /// <summary>Not an allowed move (backwards, or out of entered-in-error): nothing changes.</summary>
    Refused,
}
