using AllianceFhir.Samples.Catalogue;
using AllianceFhir.Samples.Planning;

namespace AllianceFhir.Samples.Responses;

/// <summary>A patient's responses in order: at each session PHQ-9, GAD-7, then the alliance measure.</summary>
internal static class CourseResponses
{
    private static readonly InstrumentSpec[] Symptoms = [Instruments.Phq9, Instruments.Gad7];

    public static IEnumerable<GeneratedResponse> For(PatientPlan plan, Random rng)
    {
        foreach (var session in plan.Sessions)
        {
            foreach (var spec in Symptoms)
            {
                yield return session.LhcShape
                    ? LhcResponseBuilder.Build(plan, session, spec, rng)
                    : SymptomResponseBuilder.Build(plan, session, spec, rng);
            }

            yield return AllianceResponseBuilder.Build(plan, session, rng);
        }
    }
}
