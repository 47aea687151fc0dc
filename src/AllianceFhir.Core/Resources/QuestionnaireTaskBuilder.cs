using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Plans;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace AllianceFhir.Core.Resources;

/// <summary>
/// Assigned questionnaires as Tasks in HL7 SDC's Task profile (sdc-task; docs/domain.md §8): code complete-questionnaire
/// (SDC temporary code system), an input typed <c>questionnaire</c> holding the canonical, <c>for</c> the patient,
/// <c>owner</c> the patient or a RelatedPerson, <c>requester</c>, <c>authoredOn</c>, <c>restriction.period</c> when it
/// may be done, intent order, status ready (as alert Tasks, docs/adr/0008: assignment is a given). Completed: status
/// completed, an output typed <c>questionnaire-response</c> referencing the response. Expired: status cancelled (R4: "the
/// task was not completed"; <c>failed</c> says it was attempted and went wrong, which an unanswered form was not) with
/// statusReason <c>questionnaire-expired</c> (docs/domain.md §7, §8).
/// </summary>
public static class QuestionnaireTaskBuilder
{
    public static Task Build(QuestionnaireAssignment a, string requester, DateTimeOffset authoredOn) => new()
    {
        Id = a.Id,
        Meta = new Meta { Profile = [QuestionnaireTasks.SdcTaskProfile] },
        Identifier = [FhirValues.Identifier(QuestionnaireTasks.IdentifierSystem, a.Id)],
        Status = Task.TaskStatus.Ready,
        Intent = Task.TaskIntent.Order,
        Priority = RequestPriority.Routine,
        Code = new CodeableConcept(QuestionnaireTasks.SdcTempSystem, QuestionnaireTasks.CompleteQuestionnaire, "Complete Questionnaire", null),
        Description = a.Informant == Informant.Caregiver ? "Please complete this questionnaire about the person you care for." : "Please complete this questionnaire.",
        For = new ResourceReference(a.Patient),
        Owner = new ResourceReference(a.Owner),
        Requester = new ResourceReference(requester),
        AuthoredOnElement = FhirValues.DateTime(authoredOn),
        Restriction = new Task.RestrictionComponent { Period = new Period(FhirValues.DateTime(a.PeriodStart), FhirValues.DateTime(a.PeriodEnd)) },
        ReasonCode = new CodeableConcept { Text = $"Measurement plan: {a.Source}" },
        Input =
        [
            new Task.ParameterComponent
            {
                Type = new CodeableConcept(QuestionnaireTasks.SdcTempSystem, QuestionnaireTasks.QuestionnaireInput, "Questionnaire", null),
                Value = new Canonical(a.Questionnaire),
            },
        ],
    };

    /// <summary>The Task completed by a response: status completed, output = the response (kept once).</summary>
    public static Task Completed(Task task, string responseReference, DateTimeOffset at)
    {
        var t = (Task)task.DeepCopy();
        t.Status = Task.TaskStatus.Completed;
        t.StatusReason = null;
        t.LastModifiedElement = LastModified(t, at);
        t.Output.RemoveAll(o => o.Type?.Coding.Any(c => c.System == QuestionnaireTasks.SdcTempSystem && c.Code == QuestionnaireTasks.ResponseOutput) == true);
        t.Output.Add(new Task.OutputComponent
        {
            Type = new CodeableConcept(QuestionnaireTasks.SdcTempSystem, QuestionnaireTasks.ResponseOutput, "Questionnaire Response", null),
            Value = new ResourceReference(responseReference),
        });
        return t;
    }

    /// <summary>The Task expired: its period ended with no response.</summary>
    public static Task Expired(Task task, DateTimeOffset at)
    {
        var t = (Task)task.DeepCopy();
        t.Status = Task.TaskStatus.Cancelled;
        t.StatusReason = new CodeableConcept(CanonicalUrls.ProjectCodeSystem, QuestionnaireTasks.ExpiredCode, "Questionnaire not completed in time", null)
        {
            Text = "Expired: not completed within its period",
        };
        t.LastModifiedElement = LastModified(t, at);
        return t;
    }

    /// <summary>R4 inv-1: lastModified is never before authoredOn (another writer's clock may run ahead of ours).</summary>
    private static FhirDateTime LastModified(Task t, DateTimeOffset at) =>
        FhirValues.DateTime(t.AuthoredOnElement?.ToDateTimeOffset(TimeSpan.Zero) is { } authored && authored > at ? authored : at);

    /// <summary>
    /// A reminder to the Task's owner (Communication: recipient the owner, subject the patient, basedOn and about the
    /// Task), status completed: the Communication is the message an EHR shows in its portal. One per Task.
    /// </summary>
    public static Communication Reminder(Task task, string taskReference, DateTimeOffset at)
    {
        var key = $"reminder|{WriteIdentifier(task)}";
        var id = ResourceIds.For("questionnaire-reminder", key);
        var due = task.Restriction?.Period?.End is { } end ? $" by {end[..Math.Min(end.Length, 10)]}" : "";
        return new Communication
        {
            Id = id,
            Identifier = [FhirValues.Identifier(QuestionnaireTasks.ReminderIdentifierSystem, id)],
            Status = EventStatus.Completed,
            Category = [FhirValues.Concept("http://terminology.hl7.org/CodeSystem/communication-category", "reminder", "Reminder")],
            Priority = RequestPriority.Routine,
            Subject = task.For,
            Recipient = task.Owner is null ? [] : [task.Owner],
            BasedOn = [new ResourceReference(taskReference)],
            About = [new ResourceReference(taskReference)],
            ReasonCode = [FhirValues.Project(QuestionnaireTasks.ReminderCode, "Reminder: a questionnaire to complete")],
            SentElement = FhirValues.DateTime(at),
            Payload = [new Communication.PayloadComponent { Content = new FhirString($"A reminder: you have a questionnaire to complete{due}.") }],
        };
    }

    /// <summary>Our identifier value on a questionnaire Task, or null when the Task is not ours.</summary>
    public static string? WriteIdentifier(Task task) =>
        task.Identifier.FirstOrDefault(i => i.System == QuestionnaireTasks.IdentifierSystem)?.Value;
}
