using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;
using AllianceFhir.Core.Resources;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using Task = Hl7.Fhir.Model.Task;

namespace AllianceFhir.Core.Tests.Alerts.Lifecycle;

public sealed class AlertEhrStatusTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    private static readonly AlertIntent Safety = new(AlertKind.Safety, "safety|QuestionnaireResponse/q1", "Patient/p1", AlertReasons.SafetyCode,
        AlertReasons.Display(AlertKind.Safety), AlertPriority.Stat, "PHQ-9 item 9 answered 2: review with the client today.", "detail", At.AddDays(-1),
        ["QuestionnaireResponse/q1"]);

    private static string? Status(Resource r) => r switch
    {
        Flag f => f.StatusElement.JsonValue?.ToString(),
        Task t => t.StatusElement.JsonValue?.ToString(),
        Communication c => c.StatusElement.JsonValue?.ToString(),
        _ => null,
    };

    [Theory]
    [InlineData(AlertChannel.Flag, AlertState.Raised, "active")]
    [InlineData(AlertChannel.Flag, AlertState.Acknowledged, "active")]
    [InlineData(AlertChannel.Flag, AlertState.Resolved, "inactive")]
    [InlineData(AlertChannel.Flag, AlertState.EnteredInError, "entered-in-error")]
    [InlineData(AlertChannel.Task, AlertState.Raised, "ready")]
    [InlineData(AlertChannel.Task, AlertState.Acknowledged, "in-progress")]
    [InlineData(AlertChannel.Task, AlertState.Resolved, "completed")]
    [InlineData(AlertChannel.Task, AlertState.EnteredInError, "entered-in-error")]
    [InlineData(AlertChannel.Communication, AlertState.Raised, "in-progress")]
    [InlineData(AlertChannel.Communication, AlertState.Acknowledged, "in-progress")]
    [InlineData(AlertChannel.Communication, AlertState.Resolved, "completed")]
    [InlineData(AlertChannel.Communication, AlertState.EnteredInError, "entered-in-error")]
    public void Build_WhenInState_ThenEhrStatusMirrorsItAndReadsBackTheSame(AlertChannel channel, AlertState state, string status)
    {
        var resource = AlertResourceBuilder.Build(Safety, channel, new AlertStep(state, "Practitioner/prac-01", At, "why"));

        Assert.Equal(status, Status(resource));
        Assert.Empty(resource.Validate());
        // Flag keeps no acknowledgement of its own (a Provenance does): read back it is still raised.
        var expected = channel == AlertChannel.Flag && state == AlertState.Acknowledged ? AlertState.Raised : state;
        Assert.Equal(expected, AlertEhrStatus.StateOf(resource));
    }

    [Fact]
    public void Build_WhenFlagResolved_ThenPeriodEndIsTheResolutionTime()
    {
        var flag = (Flag)AlertResourceBuilder.Build(Safety, AlertChannel.Flag, new AlertStep(AlertState.Resolved, "AllianceFhir", At, "rupture repaired"));

        Assert.Equal("2026-11-20T10:00:00+00:00", flag.Period!.End);
        Assert.Equal("2026-11-19T10:00:00+00:00", flag.Period.Start);
    }

    [Fact]
    public void Build_WhenTaskResolved_ThenNoteSaysWhoAndWhy()
    {
        var task = (Task)AlertResourceBuilder.Build(Safety, AlertChannel.Task, new AlertStep(AlertState.Resolved, "Practitioner/prac-01", At, "response amended"));

        var note = Assert.Single(task.Note);
        Assert.Equal("Practitioner/prac-01", Assert.IsType<ResourceReference>(note.Author).Reference);
        Assert.Equal("Alert resolved: response amended", note.Text);
    }

    [Theory]
    [InlineData(Task.TaskStatus.Requested, AlertState.Raised)]
    [InlineData(Task.TaskStatus.Rejected, AlertState.Raised)]
    [InlineData(Task.TaskStatus.Failed, AlertState.Raised)]
    [InlineData(Task.TaskStatus.Accepted, AlertState.Acknowledged)]
    [InlineData(Task.TaskStatus.Cancelled, AlertState.Resolved)]
    public void StateOf_WhenTaskStatusSetByOthers_ThenReadTheSafeWay(Task.TaskStatus status, AlertState expected) =>
        Assert.Equal(expected, AlertEhrStatus.StateOf(new Task { Status = status }));

    [Theory]
    [InlineData("Alert acknowledged", AlertState.Acknowledged)]
    [InlineData("Alert resolved", AlertState.Resolved)]
    public void ActionOf_WhenAppText_ThenTheState(string text, AlertState expected) => Assert.Equal(expected, AlertEhrStatus.ActionOf(text));

    [Fact]
    public void ActionOf_WhenOtherText_ThenNone() => Assert.Null(AlertEhrStatus.ActionOf("revise"));

    [Theory]
    [InlineData(AlertChannel.Task)]
    [InlineData(AlertChannel.Communication)]
    public void EscalationBuild_WhenRecipientConfigured_ThenAddressedToItAboutTheAlert(AlertChannel channel)
    {
        var e = new Escalation(Safety.Key, 1, "Patient/p1", "Flag/f1", "CareTeam/ct1", TimeSpan.FromHours(4), At, At.AddHours(4), Safety.Summary);

        var resource = EscalationResourceBuilder.Build(e, channel);

        Assert.Empty(resource.Validate());
        var (recipient, about) = resource switch
        {
            Task t => (t.Owner?.Reference, t.Focus?.Reference),
            Communication c => (c.Recipient.Single().Reference, c.About.Single().Reference),
            _ => (null, null),
        };
        Assert.Equal(("CareTeam/ct1", "Flag/f1"), (recipient, about));
        Assert.Equal(AlertState.Raised, AlertEhrStatus.StateOf(resource));
        Assert.NotEqual(ResourceIds.For("alert", Safety.Key), resource.Id);
        Assert.Equal(resource.Id, EscalationResourceBuilder.Build(e, channel).Id);
    }
}
