using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Plans;

/// <summary>
/// The pure decision: which questionnaires are due for a patient now (issue 13 §1). Every-session measures fall due for
/// each booked session: before it, from <c>lead</c> ahead until it starts (until it ends, when the Appointment says);
/// after it, from its end (else start) for <c>lead</c>. Every-N-days measures fall due once in each window of N days
/// counted from 1970-01-01 UTC, so any run in the same window names the same window. Age routing (14–17, 18–24, 25+)
/// from the birth date on the clock's date, applied to programme measures only: a CarePlan names its patient.
/// </summary>
public static class MeasurementSchedule
{
    public static IReadOnlyList<QuestionnaireAssignment> Due(PatientPlanFacts facts, DateTimeOffset now, TimeSpan lead)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var age = PlanAge.GroupOf(facts.BirthDate, today);
        var measures = Merge(facts.Programme.Where(m => m.Ages.Count == 0 || (age is { } a && m.Ages.Contains(a))), facts.CarePlan);
        var due = new List<QuestionnaireAssignment>();
        foreach (var m in measures)
        {
            var owners = m.Owner is { } named ? [named]
                : m.Informant == Informant.Self ? [facts.Patient]
                : facts.Caregivers;
            foreach (var owner in owners)
            {
                if (m.EveryDays is { } days)
                {
                    var (start, end, index) = Window(now, days);
                    if (facts.Responses.Any(r => Answers(r, facts.Patient, m.QuestionnaireUrl, owner) && r.Authored >= start && r.Authored < end)) continue;
                    due.Add(new QuestionnaireAssignment(facts.Patient, m.Questionnaire, owner, m.Informant, start, end, $"days:{days}:{index}", m.Source));
                    continue;
                }
                foreach (var s in facts.Sessions)
                {
                    var (start, end) = m.Timing == SessionTiming.BeforeSession
                        ? (s.Start - lead, s.End ?? s.Start)
                        : (s.End ?? s.Start, (s.End ?? s.Start) + lead);
                    // Due from the start of its period until its end; assigned no earlier than the period opens.
                    if (now < start || now >= end) continue;
                    due.Add(new QuestionnaireAssignment(facts.Patient, m.Questionnaire, owner, m.Informant, start, end, s.Reference, m.Source));
                }
            }
        }
        return due;
    }

    /// <summary>The window of <paramref name="days"/> days holding <paramref name="now"/>: [start, end) in UTC, and its number.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End, long Index) Window(DateTimeOffset now, int days)
    {
        if (days < 1) throw new ArgumentOutOfRangeException(nameof(days), days, "a window is at least one day");
        var index = (long)Math.Floor((now - DateTimeOffset.UnixEpoch).TotalDays / days);
        var start = DateTimeOffset.UnixEpoch.AddDays(index * days);
        return (start, start.AddDays(days), index);
    }

    /// <summary>A response by this owner for this questionnaire and patient (a caregiver's by that caregiver only).</summary>
    internal static bool Answers(CompletedResponse r, string patient, string questionnaireUrl, string owner) =>
        r.Patient == patient && Canonicals.SameQuestionnaire(r.Questionnaire, questionnaireUrl) && ByOwner(r.Author, owner);

    internal static bool ByOwner(string? author, string? owner) =>
        owner is not null && owner.StartsWith("RelatedPerson/", StringComparison.Ordinal)
            ? author == owner
            // The client's own measure: filled in by the client, or with them in the session (no author, a clinician),
            // never by a caregiver.
            : author is null || !author.StartsWith("RelatedPerson/", StringComparison.Ordinal);

    private static IEnumerable<PlannedMeasure> Merge(IEnumerable<PlannedMeasure> programme, IReadOnlyList<PlannedMeasure> carePlan)
    {
        var replaced = carePlan.Select(c => (c.QuestionnaireUrl, c.Informant)).ToHashSet();
        return programme.Where(p => !replaced.Contains((p.QuestionnaireUrl, p.Informant))).Concat(carePlan);
    }
}
