namespace AllianceFhir.Core.Alerts.Lifecycle;

/// <summary>
/// The allowed moves of the alert state machine. A step to the state the alert is already in is no change (the first
/// who/when is kept: acknowledging twice does not move the acknowledgement); a step backwards is refused (a resolved
/// alert is not re-opened: a new signal is a new alert with its own key); entered-in-error is final, and reachable
/// from every other state because a retracted response retracts its alert whatever was done with it
/// (docs/domain.md §7: entered-in-error "should not have existed"). One way back: a resolved alert whose signal comes back
/// under the same key (a PHQ-9 response amended to 0, which resolved its safety alert, then amended to a positive item 9
/// again) is raised again with <see cref="RaisedAgain"/>, so a positive item 9 is never silenced by an earlier resolution.
/// </summary>
public static class AlertTransitions
{
    /// <summary>The only reason that moves a resolved alert back to raised: the service saw its signal again.</summary>
    public const string RaisedAgain = "signal raised again";

    public static AlertTransitionResult Apply(AlertState from, AlertStep step)
    {
        if (from == step.To) return AlertTransitionResult.Unchanged;
        return (from, step.To) switch
        {
            (AlertState.Raised, AlertState.Acknowledged) => AlertTransitionResult.Moved,
            (AlertState.Raised, AlertState.Resolved) => AlertTransitionResult.Moved,
            (AlertState.Acknowledged, AlertState.Resolved) => AlertTransitionResult.Moved,
            (AlertState.Resolved, AlertState.Raised) when step.Why == RaisedAgain => AlertTransitionResult.Moved,
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
