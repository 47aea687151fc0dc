namespace AllianceFhir.Core.Alerts.Lifecycle;

/// <summary>
/// The allowed moves of the alert state machine. A step to the state the alert is already in is no change (the first
/// who/when is kept: acknowledging twice does not move the acknowledgement); a step backwards is refused (a resolved
/// alert is not re-opened: a new signal is a new alert with its own key); entered-in-error is final, and reachable
/// from every other state because a retracted response retracts its alert whatever was done with it
/// (domain.md §7: entered-in-error "should not have existed").
/// </summary>
public static class AlertTransitions
{
    public static AlertTransitionResult Apply(AlertState from, AlertStep step)
    {
        if (from == step.To) return AlertTransitionResult.Unchanged;
        return (from, step.To) switch
        {
            (AlertState.Raised, AlertState.Acknowledged) => AlertTransitionResult.Moved,
            (AlertState.Raised, AlertState.Resolved) => AlertTransitionResult.Moved,
            (AlertState.Acknowledged, AlertState.Resolved) => AlertTransitionResult.Moved,
            (not AlertState.EnteredInError, AlertState.EnteredInError) => AlertTransitionResult.Moved,
            _ => AlertTransitionResult.Refused,
        };
    }

    /// <summary>Alerts a clinician still needs to see (cards, the app's list, escalation).</summary>
    public static bool IsOpen(AlertState state) => state is AlertState.Raised or AlertState.Acknowledged;

    public static string Code(AlertState state) => state switch
    {
        AlertState.Raised => "raised",
        AlertState.Acknowledged => "acknowledged",
        AlertState.Resolved => "resolved",
        AlertState.EnteredInError => "entered-in-error",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown alert state"),
    };

    public static AlertState Parse(string code) => code switch
    {
        "raised" => AlertState.Raised,
        "acknowledged" => AlertState.Acknowledged,
        "resolved" => AlertState.Resolved,
        "entered-in-error" => AlertState.EnteredInError,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "unknown alert state"),
    };
}
