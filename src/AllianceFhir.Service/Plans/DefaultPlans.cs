using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Plans;

namespace AllianceFhir.Service.Plans;

/// <summary>
/// The built-in plan when a site configures none (docs/domain.md §8). NHS Talking Therapies collects PHQ-9 and GAD-7 at
/// every session ("session-by-session outcome monitoring", NHS England, NHS Talking Therapies for anxiety and depression
/// manual, 2024; docs/domain.md §8), for adults (the service is for 18 and over; unverified for the 16–17-year-olds
/// some areas see). An alliance measure every session, after it: the SRS is designed to be given at the end of each
/// session (Duncan et al. 2003, PCOMS; docs/domain.md §8; licensed: the site's text pack supplies the wording).
/// <see cref="YoungPeople"/> is the young people's pack as a plan (docs/domain.md §2, §8 "A young people's programme"),
/// for patients whose programme extension names it. Like every plan it assigns nothing until MeasurementPlans:Enabled.
/// </summary>
public static class DefaultPlans
{
    public const string TalkingTherapies = "talking-therapies";

    /// <summary>The built-in young people's programme (14–24): patients whose programme extension is <c>young-people</c>.</summary>
    public const string YoungPeople = "young-people";

    private const string Base = "https://alliancefhir.org/fhir/Questionnaire/";

    public static IReadOnlyDictionary<string, ProgrammePlanOptions> All() => new Dictionary<string, ProgrammePlanOptions>(StringComparer.Ordinal)
    {
        [TalkingTherapies] = new()
        {
            Measures =
            [
                Adults("https://alliancefhir.org/fhir/Questionnaire/phq-9", SessionTiming.BeforeSession),
                Adults("https://alliancefhir.org/fhir/Questionnaire/gad-7", SessionTiming.BeforeSession),
                Adults("https://alliancefhir.org/fhir/Questionnaire/srs", SessionTiming.AfterSession),
            ],
        },
        [YoungPeople] = new()
        {
            Measures =
            [
                // 14–17. YP-CORE before every session: Twigg et al. 2009 built it as a brief measure of change for school and
                // youth counselling, and CORC lists the CORE measures for session-by-session monitoring (corc.uk.net, "CORE
                // measurement tools"); normed for 11–16, used to 18 (CST, "Age ranges for CORE instruments"). Every session is
                // unverified as a YP-CORE schedule. Its item 4 is a safety item (docs/domain.md §2).
                new() { Questionnaire = Base + "yp-core", Timing = SessionTiming.BeforeSession, Ages = [AgeGroup.Age14To17] },
                // PHQ-A every 14 days: its items ask about the last two weeks (Johnson et al. 2002; GLAD-PC form), so a
                // fortnightly form covers the time without overlap. The interval is unverified (no schedule found).
                new() { Questionnaire = Base + "phq-a", EveryDays = 14, Ages = [AgeGroup.Age14To17] },
                // RCADS-25 and the parent's RCADS-P-25 at assessment and review, not every session: CORC's guide (Law &
                // Wolpert 2014, CYP IAPT) groups the RCADS and RCADS-P under "assessment and review" measures. Review every
                // 6 weeks is unverified. RCADS ages 8–18 (RCADS FAQ, grades 3–12); the parent version goes to each active
                // RelatedPerson (Informant Caregiver).
                new() { Questionnaire = Base + "rcads-25", EveryDays = 42, Ages = [AgeGroup.Age14To17] },
                new() { Questionnaire = Base + "rcads-p-25", EveryDays = 42, Ages = [AgeGroup.Age14To17], Informant = Informant.Caregiver },
                // 18–24: the adult measures of NHS Talking Therapies (18+) before every session, as the talking-therapies plan.
                Only("phq-9", SessionTiming.BeforeSession, AgeGroup.Age18To24),
                Only("gad-7", SessionTiming.BeforeSession, AgeGroup.Age18To24),
                // The alliance after every session, 14–24: the SRS from 13 (Duncan et al. 2006: the CORS and CSRS are for
                // ages 6–12, the SRS and ORS from 13; docs/domain.md §2), so the child CSRS and CORS are not in this plan.
                new() { Questionnaire = Base + "srs", Timing = SessionTiming.AfterSession, Ages = [AgeGroup.Age14To17, AgeGroup.Age18To24] },
            ],
        },
    };

    private static MeasureOptions Only(string id, SessionTiming timing, AgeGroup age) =>
        new() { Questionnaire = Base + id, Timing = timing, Ages = [age] };

    private static MeasureOptions Adults(string questionnaire, SessionTiming timing) =>
        new() { Questionnaire = questionnaire, Timing = timing, Ages = [AgeGroup.Age18To24, AgeGroup.Adult25Plus] };
}
