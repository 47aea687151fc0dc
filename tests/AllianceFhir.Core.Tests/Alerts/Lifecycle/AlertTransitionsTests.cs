using AllianceFhir.Core.Alerts.Lifecycle;

namespace AllianceFhir.Core.Tests.Alerts.Lifecycle;

public sealed class AlertTransitionsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    private static AlertStep To(AlertState state) => new(state, "Practitioner/prac-01", At, "test");

    [Theory]
    [InlineData(AlertState.Raised, AlertState.Acknowledged)]
    [InlineData(AlertState.Raised, AlertState.Resolved)]
    [InlineData(AlertState.Raised, AlertState.EnteredInError)]
    [InlineData(AlertState.Acknowledged, AlertState.Resolved)]
    [InlineData(AlertState.Acknowledged, AlertState.EnteredInError)]
    [InlineData(AlertState.Resolved, AlertState.EnteredInError)]
    public void Apply_WhenForwardStep_ThenMoved(AlertState from, AlertState to) =>
        Assert.Equal(AlertTransitionResult.Moved, AlertTransitions.Apply(from, To(to)));

    [Theory]
    [InlineData(AlertState.Acknowledged, AlertState.Raised)]
    [InlineData(AlertState.Resolved, AlertState.Raised)]
    [InlineData(AlertState.Resolved, AlertState.Acknowledged)]
    [InlineData(AlertState.EnteredInError, AlertState.Raised)]
    [InlineData(AlertState.EnteredInError, AlertState.Acknowledged)]
    [InlineData(AlertState.EnteredInError, AlertState.Resolved)]
    public void Apply_WhenBackwardsOrOutOfEnteredInError_ThenRefused(AlertState from, AlertState to) =>
        Assert.Equal(AlertTransitionResult.Refused, AlertTransitions.Apply(from, To(to)));

    [Theory]
    [InlineData(AlertState.Resolved, AlertTransitionResult.Moved)]
    [InlineData(AlertState.Acknowledged, AlertTransitionResult.Refused)]
    [InlineData(AlertState.EnteredInError, AlertTransitionResult.Refused)]
    public void Apply_WhenTheSignalIsRaisedAgain_ThenOnlyAResolvedAlertReopens(AlertState from, AlertTransitionResult expected) =>
        Assert.Equal(expected, AlertTransitions.Apply(from, new AlertStep(AlertState.Raised, "AllianceFhir", At, AlertTransitions.RaisedAgain)));

    [Theory]
    [InlineData(AlertState.Raised)]
    [InlineData(AlertState.Acknowledged)]
    [InlineData(AlertState.Resolved)]
    [InlineData(AlertState.EnteredInError)]
    public void Apply_WhenSameState_ThenUnchanged(AlertState state) =>
        Assert.Equal(AlertTransitionResult.Unchanged, AlertTransitions.Apply(state, To(state)));

    [Theory]
    [InlineData(AlertState.Raised, true)]
    [InlineData(AlertState.Acknowledged, true)]
    [InlineData(AlertState.Resolved, false)]
    [InlineData(AlertState.EnteredInError, false)]
    public void IsOpen_WhenState_ThenOnlyRaisedAndAcknowledgedShow(AlertState state, bool open) =>
        Assert.Equal(open, AlertTransitions.IsOpen(state));

    [Theory]
    [InlineData(AlertState.Raised, "raised")]
    [InlineData(AlertState.Acknowledged, "acknowledged")]
    [InlineData(AlertState.Resolved, "resolved")]
    [InlineData(AlertState.EnteredInError, "entered-in-error")]
    public void Code_WhenParsedBack_ThenSameState(AlertState state, string code)
    {
        Assert.Equal(code, AlertTransitions.Code(state));
        Assert.Equal(state, AlertTransitions.Parse(code));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3.99, 0)]
    [InlineData(4, 1)]
    [InlineData(7.9, 1)]
    [InlineData(8, 2)]
    public void WindowNumber_WhenHoursSinceRaised_ThenOnePerFullWindow(double hours, int expected) =>
        Assert.Equal(expected, Escalation.WindowNumber(At, At.AddHours(hours), TimeSpan.FromHours(4)));
}
