using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Plans;

/// <summary>
/// A patient's own measurement plan, where a CarePlan says so (docs/domain.md §8): each <c>activity.detail</c> of an
/// active CarePlan whose <c>instantiatesCanonical</c> names a Questionnaire, with status not-started, scheduled or
/// in-progress and not <c>doNotPerform</c>. How often: <c>scheduledTiming.repeat</c> with <c>frequency</c> 1 (or none)
/// and <c>period</c> in days (<c>d</c>) or weeks (<c>wk</c>) is every N days; no <c>scheduledTiming</c> is every session.
/// Who: a RelatedPerson in <c>performer</c> makes it a caregiver measure owned by that person; otherwise the patient.
/// </summary>
public static class CarePlanMeasures
{
    private static readonly CarePlan.CarePlanActivityStatus[] Active =
        [CarePlan.CarePlanActivityStatus.NotStarted, CarePlan.CarePlanActivityStatus.Scheduled, CarePlan.CarePlanActivityStatus.InProgress];

    /// <param name="timingOf">Before or after the session, for a questionnaire (from the catalogue: alliance measures after).</param>
    /// <param name="problems">Activities that name a Questionnaire but could not be read, with why (for the log; no patient data).</param>
    public static IReadOnlyList<PlannedMeasure> Read(CarePlan plan, Func<string, SessionTiming> timingOf, ICollection<string>? problems = null)
    {
        if (plan.Status != RequestStatus.Active || plan.Intent is not (CarePlan.CarePlanIntent.Plan or CarePlan.CarePlanIntent.Order)) return [];
        var source = $"CarePlan/{plan.Id}";
        var measures = new List<PlannedMeasure>();
        foreach (var detail in plan.Activity.Select(a => a.Detail).OfType<CarePlan.DetailComponent>())
        {
            var questionnaire = detail.InstantiatesCanonical.FirstOrDefault(c => c is not null && c.Contains("/Questionnaire/", StringComparison.Ordinal));
            if (questionnaire is null || detail.Status is not { } status || !Active.Contains(status) || detail.DoNotPerform == true) continue;
            int? every = null;
            if (detail.Scheduled is Timing { Repeat: { } repeat })
            {
                var days = repeat.PeriodUnit switch { Timing.UnitsOfTime.D => 1m, Timing.UnitsOfTime.Wk => 7m, _ => 0m } * (repeat.Period ?? 0m);
                if ((repeat.Frequency ?? 1) != 1 || days < 1 || days != decimal.Truncate(days))
                {
                    problems?.Add($"{source}: scheduledTiming for {questionnaire} is not once every whole number of days or weeks");
                    continue;
                }
                every = (int)days;
            }
            else if (detail.Scheduled is not null)
            {
                problems?.Add($"{source}: scheduled[x] for {questionnaire} is not a Timing");
                continue;
            }
            var owner = detail.Performer.Select(p => p.Reference).FirstOrDefault(r => r?.StartsWith("RelatedPerson/", StringComparison.Ordinal) == true);
            measures.Add(new PlannedMeasure(questionnaire, every, timingOf(questionnaire), new HashSet<AgeGroup>(),
                owner is null ? Informant.Self : Informant.Caregiver, source, owner));
        }
        return measures;
    }
}
