using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Plans;

namespace AllianceFhir.Core.Tests.Plans;

public class MeasurementScheduleTests
{
    private const string Phq9 = "https://alliancefhir.org/fhir/Questionnaire/phq-9";
    private const string Srs = "https://alliancefhir.org/fhir/Questionnaire/srs";
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lead = TimeSpan.FromDays(3);
    private static readonly HashSet<AgeGroup> Adults = [AgeGroup.Age18To24, AgeGroup.Adult25Plus];

    private static PlannedMeasure Measure(string q, int? every = null, SessionTiming timing = SessionTiming.BeforeSession, IEnumerable<AgeGroup>? ages = null,
        Informant informant = Informant.Self, string? owner = null, string source = "talking-therapies") =>
        new(q, every, timing, (ages ?? Adults).ToHashSet(), informant, source, owner);

    private static PatientPlanFacts Facts(DateOnly? birth, IReadOnlyList<PlannedMeasure> programme, IReadOnlyList<PlannedSession>? sessions = null,
        IReadOnlyList<PlannedMeasure>? carePlan = null, IReadOnlyList<string>? caregivers = null, IReadOnlyList<CompletedResponse>? responses = null) =>
        new("Patient/p1", birth, programme, carePlan ?? [], sessions ?? [], caregivers ?? [], responses ?? []);

    [Fact]
    public void Due_WhenASessionIsWithinTheLeadTime_ThenTheSymptomMeasureIsDueUntilTheSessionEnds()
    {
        var session = new PlannedSession("Appointment/a1", Now.AddDays(2), Now.AddDays(2).AddHours(1));
        var due = Assert.Single(MeasurementSchedule.Due(Facts(new DateOnly(1990, 1, 1), [Measure(Phq9)], [session]), Now, Lead));
        Assert.Equal(("Patient/p1", Phq9, "Appointment/a1"), (due.Owner, due.Questionnaire, due.Occasion));
        Assert.Equal((Now.AddDays(-1), Now.AddDays(2).AddHours(1)), (due.PeriodStart, due.PeriodEnd));
    }

    [Fact]
    public void Due_WhenTheSessionIsFurtherAwayThanTheLeadTime_ThenNothingIsDueYet()
    {
        var session = new PlannedSession("Appointment/a1", Now.AddDays(4), null);
        Assert.Empty(MeasurementSchedule.Due(Facts(new DateOnly(1990, 1, 1), [Measure(Phq9)], [session]), Now, Lead));
    }

    [Fact]
    public void Due_WhenAnAllianceMeasureFollowsASessionThatEndedYesterday_ThenItIsDueForTheLeadTimeAfterIt()
    {
        var session = new PlannedSession("Appointment/a0", Now.AddDays(-1), Now.AddDays(-1).AddHours(1));
        var due = Assert.Single(MeasurementSchedule.Due(Facts(new DateOnly(1990, 1, 1), [Measure(Srs, timing: SessionTiming.AfterSession)], [session]), Now, Lead));
        Assert.Equal((Now.AddDays(-1).AddHours(1), Now.AddDays(2).AddHours(1)), (due.PeriodStart, due.PeriodEnd));
        // The same session seen by a before-session measure is over: nothing.
        Assert.Empty(MeasurementSchedule.Due(Facts(new DateOnly(1990, 1, 1), [Measure(Phq9)], [session]), Now, Lead));
    }

    [Theory]
    [InlineData("2012-12-07", null)] // 13 until tomorrow: no group, adult and youth measures alike
    [InlineData("2009-12-06", AgeGroup.Age14To17)] // 17th birthday today
    [InlineData("2008-12-06", AgeGroup.Age18To24)] // 18th birthday today
    [InlineData("2008-12-07", AgeGroup.Age14To17)] // 18 tomorrow
    [InlineData("2001-12-07", AgeGroup.Age18To24)] // 25 tomorrow
    [InlineData("2001-12-06", AgeGroup.Adult25Plus)]
    public void GroupOf_WhenBirthdayIsNearTheClocksDate_ThenTheAgeIsCountedOnThatDate(string birth, AgeGroup? expected) =>
        Assert.Equal(expected, PlanAge.GroupOf(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), DateOnly.FromDateTime(Now.UtcDateTime)));

    [Fact]
    public void Due_WhenTheProgrammeRoutesByAge_ThenA17YearOldGetsTheYouthMeasureAndNotTheAdultOne()
    {
        const string phqA = "https://example.org/Questionnaire/phq-a";
        var programme = new[] { Measure(Phq9, every: 14), Measure(phqA, every: 14, ages: [AgeGroup.Age14To17]) };
        var youth = MeasurementSchedule.Due(Facts(new DateOnly(2009, 6, 1), programme), Now, Lead);
        Assert.Equal([phqA], youth.Select(d => d.Questionnaire));
        var adult = MeasurementSchedule.Due(Facts(new DateOnly(2007, 6, 1), programme), Now, Lead);
        Assert.Equal([Phq9], adult.Select(d => d.Questionnaire));
        Assert.Empty(MeasurementSchedule.Due(Facts(null, programme), Now, Lead)); // no birth date: age-routed measures wait
    }

    [Fact]
    public void Due_WhenEveryFourteenDays_ThenTheSameWindowAllFortnightAndTheNextOneAfterIt()
    {
        var facts = Facts(new DateOnly(1990, 1, 1), [Measure(Phq9, every: 14)]);
        var first = Assert.Single(MeasurementSchedule.Due(facts, Now, Lead));
        Assert.Equal(TimeSpan.FromDays(14), first.PeriodEnd - first.PeriodStart);
        Assert.InRange(Now, first.PeriodStart, first.PeriodEnd);
        var sameWindow = Assert.Single(MeasurementSchedule.Due(facts, first.PeriodEnd.AddSeconds(-1), Lead));
        Assert.Equal(first.Key, sameWindow.Key);
        var next = Assert.Single(MeasurementSchedule.Due(facts, first.PeriodEnd, Lead));
        Assert.NotEqual(first.Key, next.Key);
        Assert.Equal(first.PeriodEnd, next.PeriodStart);
    }

    [Fact]
    public void Due_WhenTheMeasureWasAlreadyCompletedInItsWindow_ThenItIsNotAssignedAgain()
    {
        var (start, _, _) = MeasurementSchedule.Window(Now, 14);
        var done = new CompletedResponse("QuestionnaireResponse/r1", "Patient/p1", Phq9 + "|1.0", start.AddHours(1), [], null);
        Assert.Empty(MeasurementSchedule.Due(Facts(new DateOnly(1990, 1, 1), [Measure(Phq9, every: 14)], responses: [done]), Now, Lead));
        var byParent = done with { Author = "RelatedPerson/mum" };
        Assert.Single(MeasurementSchedule.Due(Facts(new DateOnly(1990, 1, 1), [Measure(Phq9, every: 14)], responses: [byParent]), Now, Lead));
    }

    [Fact]
    public void Due_WhenACaregiverMeasureAndTwoRelatedPersons_ThenOneTaskEachOwnedByThem()
    {
        var measure = Measure("https://example.org/Questionnaire/rcads-p", every: 28, ages: [AgeGroup.Age14To17], informant: Informant.Caregiver);
        var due = MeasurementSchedule.Due(Facts(new DateOnly(2010, 1, 1), [measure], caregivers: ["RelatedPerson/mum", "RelatedPerson/dad"]), Now, Lead);
        Assert.Equal(["RelatedPerson/mum", "RelatedPerson/dad"], due.Select(d => d.Owner));
        Assert.All(due, d => Assert.Equal(Informant.Caregiver, d.Informant));
        Assert.Empty(MeasurementSchedule.Due(Facts(new DateOnly(2010, 1, 1), [measure]), Now, Lead)); // nobody to ask
    }

    [Fact]
    public void Due_WhenACarePlanNamesTheSameQuestionnaire_ThenItReplacesTheProgrammesScheduleAndIgnoresAge()
    {
        var carePlan = Measure(Phq9, every: 7, ages: [], source: "CarePlan/cp1");
        var due = Assert.Single(MeasurementSchedule.Due(Facts(new DateOnly(2012, 1, 1), [Measure(Phq9)], carePlan: [carePlan],
            sessions: [new PlannedSession("Appointment/a1", Now.AddDays(1), null)]), Now, Lead));
        Assert.Equal(("CarePlan/cp1", TimeSpan.FromDays(7)), (due.Source, due.PeriodEnd - due.PeriodStart));
    }

    [Fact]
    public void Key_WhenTheSameMeasureFallsDueAgainForTheSameSession_ThenTheTaskIdIsTheSame()
    {
        var session = new PlannedSession("Appointment/a1", Now.AddDays(2), null);
        var facts = Facts(new DateOnly(1990, 1, 1), [Measure(Phq9)], [session]);
        var first = Assert.Single(MeasurementSchedule.Due(facts, Now, Lead));
        var later = Assert.Single(MeasurementSchedule.Due(facts, Now.AddHours(5), Lead));
        Assert.Equal(first.Id, later.Id);
        Assert.StartsWith("af-", first.Id);
    }
}
