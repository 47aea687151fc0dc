using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Plans;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Plans;

public class CarePlanMeasuresTests
{
    private const string Phq9 = "https://alliancefhir.org/fhir/Questionnaire/phq-9";

    private static CarePlan Plan(params CarePlan.DetailComponent[] details) => new()
    {
        Id = "cp1",
        Status = RequestStatus.Active,
        Intent = CarePlan.CarePlanIntent.Plan,
        Subject = new ResourceReference("Patient/p1"),
        Activity = details.Select(d => new CarePlan.ActivityComponent { Detail = d }).ToList(),
    };

    private static CarePlan.DetailComponent Detail(string questionnaire, Timing? timing = null, string? performer = null) => new()
    {
        InstantiatesCanonical = [questionnaire],
        Status = CarePlan.CarePlanActivityStatus.Scheduled,
        Scheduled = timing,
        Performer = performer is null ? [] : [new ResourceReference(performer)],
    };

    private static Timing Every(decimal period, Timing.UnitsOfTime unit) => new() { Repeat = new Timing.RepeatComponent { Frequency = 1, Period = period, PeriodUnit = unit } };

    [Fact]
    public void Read_WhenScheduledTimingIsEveryTwoWeeks_ThenEveryFourteenDaysForTheClient()
    {
        var m = Assert.Single(CarePlanMeasures.Read(Plan(Detail(Phq9, Every(2, Timing.UnitsOfTime.Wk))), _ => SessionTiming.BeforeSession));
        Assert.Equal((Phq9, 14, Informant.Self, "CarePlan/cp1", (string?)null), (m.Questionnaire, m.EveryDays, m.Informant, m.Source, m.Owner));
    }

    [Fact]
    public void Read_WhenNoTimingAndARelatedPersonPerforms_ThenEverySessionByThatCaregiver()
    {
        var m = Assert.Single(CarePlanMeasures.Read(Plan(Detail(Phq9, performer: "RelatedPerson/mum")), _ => SessionTiming.AfterSession));
        Assert.Equal((null, Informant.Caregiver, "RelatedPerson/mum", SessionTiming.AfterSession), (m.EveryDays, m.Informant, m.Owner, m.Timing));
    }

    [Fact]
    public void Read_WhenTheTimingIsTwiceADayOrThePlanIsNotActive_ThenNothingAndTheProblemIsSaid()
    {
        var problems = new List<string>();
        var twice = Every(1, Timing.UnitsOfTime.D);
        twice.Repeat!.Frequency = 2;
        Assert.Empty(CarePlanMeasures.Read(Plan(Detail(Phq9, twice)), _ => SessionTiming.BeforeSession, problems));
        Assert.Contains("CarePlan/cp1", Assert.Single(problems));
        var completed = Plan(Detail(Phq9));
        completed.Status = RequestStatus.Completed;
        Assert.Empty(CarePlanMeasures.Read(completed, _ => SessionTiming.BeforeSession));
        var stopped = Detail(Phq9);
        stopped.Status = CarePlan.CarePlanActivityStatus.Stopped;
        Assert.Empty(CarePlanMeasures.Read(Plan(stopped), _ => SessionTiming.BeforeSession));
    }
}
