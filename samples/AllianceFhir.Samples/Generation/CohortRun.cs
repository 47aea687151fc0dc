using AllianceFhir.Samples.Fhir;
using AllianceFhir.Samples.Planning;
using AllianceFhir.Samples.Responses;

namespace AllianceFhir.Samples.Generation;

/// <summary>
/// The one pass over the cohort both public entry points share: patient by patient, each from its own
/// random stream, writing that patient's QuestionnaireResponse lines (with any malformed line due before
/// it) and handing the plan to <paramref name="onPatient"/> for the other resources. Nothing is kept
/// between patients.
/// </summary>
internal static class CohortRun
{
    public static void Run(CohortOptions options, NdjsonWriter responses, CohortCounter counter, Action<PatientPlan>? onPatient)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Patients);
        // Malformed lines name existing patients, so an empty cohort has none.
        var malformed = options.IncludeMalformed && options.Patients > 0 ? MalformedLineFactory.Create(options) : [];
        var start = options.StartOrDefault;
        int next = 0;
        for (int i = 0; i < options.Patients; i++)
        {
            for (; next < malformed.Count && malformed[next].Position <= i; next++)
            {
                WriteMalformed(responses, counter, malformed[next]);
            }

            var rng = new Random(SeedMixer.For(options.Seed, SeedMixer.PatientStream, i));
            var plan = PatientPlanner.Plan(i, rng, start);
            counter.Patient(plan);
            onPatient?.Invoke(plan);
            foreach (var response in CourseResponses.For(plan, rng))
            {
                responses.Write(response.Document, QuestionnaireResponseJson.Write);
                counter.Response(response);
            }
        }

        for (; next < malformed.Count; next++)
        {
            WriteMalformed(responses, counter, malformed[next]);
        }
    }

    private static void WriteMalformed(NdjsonWriter responses, CohortCounter counter, MalformedLine line)
    {
        if (line.Document is not null)
        {
            responses.Write(line.Document, QuestionnaireResponseJson.Write);
        }
        else
        {
            responses.WriteRaw(line.Raw!);
        }

        counter.Malformed(line);
    }
}
