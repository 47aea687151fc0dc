using AllianceFhir.Core.Plans;

namespace AllianceFhir.Core.Tests.Plans;

public class TaskCompletionTests
{
    private const string Phq9 = "https://alliancefhir.org/fhir/Questionnaire/phq-9";
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static OpenQuestionnaireTask Task(string id, string? owner = null) => new($"Task/{id}", "Patient/p1", Phq9, owner ?? "Patient/p1", Start, Start.AddDays(3));

    private static CompletedResponse Response(string id, DateTimeOffset authored, string[]? basedOn = null, string? author = null, string patient = "Patient/p1") =>
        new($"QuestionnaireResponse/{id}", patient, Phq9, authored, basedOn ?? [], author);

    [Fact]
    public void Match_WhenAResponseNamesTheTaskInBasedOn_ThenItCompletesThatTaskEvenOutsideThePeriod()
    {
        var matched = Assert.Single(TaskCompletion.Match([Task("t1")], [Response("r1", Start.AddDays(10), ["Task/t1"])]));
        Assert.Equal(("Task/t1", "QuestionnaireResponse/r1"), (matched.Task.Reference, matched.Response.Reference));
    }

    [Fact]
    public void Match_WhenNoBasedOn_ThenTheSameQuestionnaireAndPatientWithinThePeriodCompletesIt()
    {
        Assert.Single(TaskCompletion.Match([Task("t1")], [Response("r1", Start.AddDays(1))]));
        Assert.Empty(TaskCompletion.Match([Task("t1")], [Response("r1", Start.AddDays(-1))])); // before the period
        Assert.Empty(TaskCompletion.Match([Task("t1")], [Response("r1", Start.AddDays(1), patient: "Patient/p2")]));
        Assert.Empty(TaskCompletion.Match([Task("t1")], [Response("r1", Start.AddDays(1), ["Task/other"])])); // answers another Task
    }

    [Fact]
    public void Match_WhenTheTaskIsACaregiversAndTheClientAnswered_ThenItStaysOpen()
    {
        Assert.Empty(TaskCompletion.Match([Task("t1", "RelatedPerson/mum")], [Response("r1", Start.AddDays(1), author: "Patient/p1")]));
        Assert.Single(TaskCompletion.Match([Task("t1", "RelatedPerson/mum")], [Response("r1", Start.AddDays(1), author: "RelatedPerson/mum")]));
        Assert.Empty(TaskCompletion.Match([Task("t1")], [Response("r1", Start.AddDays(1), author: "RelatedPerson/mum")]));
    }

    [Fact]
    public void Match_WhenOneResponseCouldMatchTwoTasks_ThenItCompletesOnlyOne()
    {
        var matched = TaskCompletion.Match([Task("t1"), Task("t2")], [Response("r1", Start.AddDays(1))]);
        Assert.Single(matched);
    }

    [Fact]
    public void IsOverdue_WhenThePeriodHasEnded_ThenTrue()
    {
        Assert.False(TaskCompletion.IsOverdue(Task("t1"), Start.AddDays(3)));
        Assert.True(TaskCompletion.IsOverdue(Task("t1"), Start.AddDays(3).AddSeconds(1)));
    }
}
