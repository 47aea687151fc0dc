using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Plans;
using AllianceFhir.Core.Resources;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using Task = Hl7.Fhir.Model.Task;

namespace AllianceFhir.Core.Tests.Plans;

public class QuestionnaireTaskBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static QuestionnaireAssignment Assignment(string owner = "Patient/p1") => new("Patient/p1", "https://alliancefhir.org/fhir/Questionnaire/phq-9",
        owner, owner.StartsWith("RelatedPerson", StringComparison.Ordinal) ? Informant.Caregiver : Informant.Self, Now.AddDays(-1), Now.AddDays(2), "Appointment/a1", "talking-therapies");

    [Fact]
    public void Build_WhenAssigned_ThenFollowsTheSdcTaskProfileAndValidates()
    {
        var t = QuestionnaireTaskBuilder.Build(Assignment("RelatedPerson/mum"), "Organization/clinic", Now);
        Assert.Empty(t.Validate());
        Assert.Equal((Task.TaskStatus.Ready, Task.TaskIntent.Order), (t.Status, t.Intent));
        Assert.Equal(("http://hl7.org/fhir/uv/sdc/CodeSystem/temp", "complete-questionnaire"), (t.Code!.Coding[0].System, t.Code!.Coding[0].Code));
        var input = Assert.Single(t.Input);
        Assert.Equal("questionnaire", input.Type.Coding[0].Code);
        Assert.Equal("https://alliancefhir.org/fhir/Questionnaire/phq-9", Assert.IsType<Canonical>(input.Value).Value);
        Assert.Equal(("Patient/p1", "RelatedPerson/mum", "Organization/clinic"), (t.For!.Reference, t.Owner!.Reference, t.Requester!.Reference));
        Assert.Equal(("2026-12-05T09:00:00+00:00", "2026-12-08T09:00:00+00:00"), (t.Restriction!.Period!.Start, t.Restriction.Period.End));
        Assert.Null(t.Focus); // sdc-t1: complete-questionnaire has no focus
    }

    [Fact]
    public void Completed_WhenTwice_ThenOneOutputNamingTheResponse()
    {
        var t = QuestionnaireTaskBuilder.Build(Assignment(), "Organization/clinic", Now);
        var done = QuestionnaireTaskBuilder.Completed(QuestionnaireTaskBuilder.Completed(t, "QuestionnaireResponse/r1", Now), "QuestionnaireResponse/r1", Now);
        Assert.Equal(Task.TaskStatus.Completed, done.Status);
        var output = Assert.Single(done.Output);
        Assert.Equal(("questionnaire-response", "QuestionnaireResponse/r1"), (output.Type.Coding[0].Code, ((ResourceReference)output.Value).Reference));
        Assert.Equal(Task.TaskStatus.Ready, t.Status); // the original is left alone
        Assert.Empty(done.Validate());
    }

    [Fact]
    public void Completed_WhenOurClockIsBehindTheTasksAuthoredOn_ThenLastModifiedIsNotBeforeItAndTheTaskValidates()
    {
        var t = QuestionnaireTaskBuilder.Completed(QuestionnaireTaskBuilder.Build(Assignment(), "Organization/clinic", Now), "QuestionnaireResponse/r1", Now.AddHours(-20));
        Assert.Equal(t.AuthoredOn, t.LastModified);
        Assert.Empty(t.Validate()); // (inv-1 itself is what the test FHIR server checks: it answered 400 before this guard)
    }

    [Fact]
    public void Expired_WhenOverdue_ThenCancelledWithTheExpiredReason()
    {
        var t = QuestionnaireTaskBuilder.Expired(QuestionnaireTaskBuilder.Build(Assignment(), "Organization/clinic", Now), Now.AddDays(3));
        Assert.Equal((Task.TaskStatus.Cancelled, "questionnaire-expired"), (t.Status, t.StatusReason!.Coding[0].Code));
        Assert.Empty(t.Validate());
    }

    [Fact]
    public void Reminder_WhenBuiltTwiceForTheSameTask_ThenTheSameIdentifierAddressedToTheOwner()
    {
        var t = QuestionnaireTaskBuilder.Build(Assignment("RelatedPerson/mum"), "Organization/clinic", Now);
        var a = QuestionnaireTaskBuilder.Reminder(t, "Task/123", Now);
        var b = QuestionnaireTaskBuilder.Reminder(t, "Task/123", Now.AddHours(1));
        Assert.Equal(a.Identifier[0].Value, b.Identifier[0].Value);
        Assert.Equal(("RelatedPerson/mum", "Task/123"), (a.Recipient[0].Reference, a.About[0].Reference));
        Assert.Contains("by 2026-12-08", ((FhirString)a.Payload[0].Content).Value);
        Assert.Empty(a.Validate());
    }
}
