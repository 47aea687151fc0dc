using AllianceFhir.Core.Plans;

namespace AllianceFhir.Service.Plans;

/// <summary>
/// The built-in plan when a site configures none (docs/domain.md §8). NHS Talking Therapies collects PHQ-9 and GAD-7 at
/// every session ("session-by-session outcome monitoring", NHS England, NHS Talking Therapies for anxiety and depression
/// manual, 2024; docs/domain.md §8), for adults (the service is for 18 and over; unverified for the 16–17-year-olds
/// some areas see). An alliance measure every session, after it: the SRS is designed to be given at the end of each
/// session (Duncan et al. 2003, PCOMS; docs/domain.md §8; licensed: the site's text pack supplies the wording). Young
/// people's instruments (14–17) come from the young people's pack; a site lists them under its own programme.
/// </summary>
public static class DefaultPlans
{
    public const string TalkingTherapies = "talking-therapies";

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
    };

    private static MeasureOptions Adults(string questionnaire, SessionTiming timing) =>
        new() { Questionnaire = questionnaire, Timing = timing, Ages = [AgeGroup.Age18To24, AgeGroup.Adult25Plus] };
}
