using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace AllianceFhir.Core.Alerts.Lifecycle;

/// <summary>
/// How each lifecycle state shows in the EHR resource, per channel, and back (docs/domain.md §7, R4 status value sets:
/// hl7.org/fhir/R4/valueset-flag-status.html, valueset-task-status.html, valueset-event-status.html).
/// <list type="table">
/// <item>Flag: raised and acknowledged = <c>active</c> (Flag has no "seen" status: who acknowledged is a Provenance);
/// resolved = <c>inactive</c> with <c>period.end</c>; entered-in-error = <c>entered-in-error</c>.</item>
/// <item>Task: raised = <c>ready</c> (R4: "ready to be performed, but no action has yet been taken … used in place of
/// requested/received/accepted/rejected when request assignment and acceptance is a given", as for an alert);
/// acknowledged = <c>in-progress</c> ("started but not yet complete"); resolved = <c>completed</c>;
/// entered-in-error = <c>entered-in-error</c>.</item>
/// <item>Communication: raised = <c>in-progress</c>; acknowledged = <c>in-progress</c> with <c>received</c> set;
/// resolved = <c>completed</c>; entered-in-error = <c>entered-in-error</c>.</item>
/// </list>
/// Read back, the statuses others may set are taken the safe way: a Task <c>rejected</c> or <c>failed</c> and a
/// Communication <c>not-done</c> still need someone (raised); a Task <c>cancelled</c> or a Communication
/// <c>stopped</c> was ended on purpose (resolved).
/// </summary>
public static class AlertEhrStatus
{
    /// <summary>Text of the Provenance activity (or note) the app records for each clinician action; the sweep reads it back.</summary>
    public const string AcknowledgedText = "Alert acknowledged";
    public const string ResolvedText = "Alert resolved";

    /// <summary>Sets the resource's status (and the dates that go with it) to show <paramref name="step"/>.</summary>
    public static void Apply(Resource resource, AlertStep step)
    {
        var at = new FhirDateTime(step.At.ToUniversalTime());
        switch (resource)
        {
            case Flag f:
                f.Status = step.To switch
                {
                    AlertState.Resolved => Flag.FlagStatus.Inactive,
                    AlertState.EnteredInError => Flag.FlagStatus.EnteredInError,
                    _ => Flag.FlagStatus.Active,
                };
                if (step.To == AlertState.Resolved)
                {
                    f.Period ??= new Period();
                    f.Period.EndElement = at;
                }
                break;
            case Task t:
                t.Status = step.To switch
                {
                    AlertState.Acknowledged => Task.TaskStatus.InProgress,
                    AlertState.Resolved => Task.TaskStatus.Completed,
                    AlertState.EnteredInError => Task.TaskStatus.EnteredInError,
                    _ => Task.TaskStatus.Ready,
                };
                if (step.To != AlertState.Raised) t.LastModifiedElement = at;
                break;
            case Communication c:
                c.Status = step.To switch
                {
                    AlertState.Resolved => EventStatus.Completed,
                    AlertState.EnteredInError => EventStatus.EnteredInError,
                    _ => EventStatus.InProgress,
                };
                if (step.To == AlertState.Acknowledged) c.ReceivedElement ??= at;
                break;
            default:
                throw new ArgumentException($"{resource.TypeName} is not an alert channel", nameof(resource));
        }
    }

    /// <summary>The lifecycle state an alert resource shows (a Flag's acknowledgement lives in a Provenance, not here).</summary>
    public static AlertState StateOf(Resource resource) => resource switch
    {
        Flag f => f.Status switch
        {
            Flag.FlagStatus.Inactive => AlertState.Resolved,
            Flag.FlagStatus.EnteredInError => AlertState.EnteredInError,
            _ => AlertState.Raised,
        },
        Task t => t.Status switch
        {
            Task.TaskStatus.Accepted or Task.TaskStatus.InProgress or Task.TaskStatus.OnHold => AlertState.Acknowledged,
            Task.TaskStatus.Completed or Task.TaskStatus.Cancelled => AlertState.Resolved,
            Task.TaskStatus.EnteredInError => AlertState.EnteredInError,
            _ => AlertState.Raised,
        },
        Communication c => c.Status switch
        {
            EventStatus.Completed or EventStatus.Stopped => AlertState.Resolved,
            EventStatus.EnteredInError => AlertState.EnteredInError,
            _ => c.Received is null ? AlertState.Raised : AlertState.Acknowledged,
        },
        _ => throw new ArgumentException($"{resource.TypeName} is not an alert channel", nameof(resource)),
    };

    /// <summary>The clinician action a Provenance activity text or a note names, if any.</summary>
    public static AlertState? ActionOf(string? text) => text switch
    {
        not null when text.StartsWith(AcknowledgedText, StringComparison.Ordinal) => AlertState.Acknowledged,
        not null when text.StartsWith(ResolvedText, StringComparison.Ordinal) => AlertState.Resolved,
        _ => null,
    };
}
