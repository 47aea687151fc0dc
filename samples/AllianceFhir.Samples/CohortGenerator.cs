using System.Text;
using AllianceFhir.Samples.Catalogue;
using AllianceFhir.Samples.Fhir;
using AllianceFhir.Samples.Generation;

namespace AllianceFhir.Samples;

/// <summary>
/// Generates a deterministic synthetic cohort (patients in therapy with PHQ-9, GAD-7 and alliance measures)
/// as FHIR R4 ndjson. The same <see cref="CohortOptions"/> always give byte-identical output.
/// </summary>
public static class CohortGenerator
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes a Bulk Data style export into <paramref name="outputFolder"/> (created if needed, files replaced):
    /// Organization.ndjson, Practitioner.ndjson, Patient.ndjson, Observation.ndjson and
    /// QuestionnaireResponse.ndjson (with the malformed lines mixed in when
    /// <see cref="CohortOptions.IncludeMalformed"/>). Memory stays flat: patients are written as they are made.
    /// </summary>
    public static CohortSummary WriteNdjson(CohortOptions options, string outputFolder)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Patients);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFolder);
        Directory.CreateDirectory(outputFolder);
        var counter = new CohortCounter();

        using (var organizations = Open(outputFolder, "Organization"))
        using (var practitioners = Open(outputFolder, "Practitioner"))
        using (var organizationLines = new NdjsonWriter(organizations))
        using (var practitionerLines = new NdjsonWriter(practitioners))
        {
            foreach (var clinic in Clinics.All)
            {
                organizationLines.Write(clinic, OrganizationJson.Write);
                foreach (var practitioner in clinic.Practitioners)
                {
                    practitionerLines.Write(practitioner, PractitionerJson.Write);
                }
            }
        }

        using var patients = Open(outputFolder, "Patient");
        using var observations = Open(outputFolder, "Observation");
        using var responses = Open(outputFolder, "QuestionnaireResponse");
        using var patientLines = new NdjsonWriter(patients);
        using var observationLines = new NdjsonWriter(observations);
        using var responseLines = new NdjsonWriter(responses);
        CohortRun.Run(options, responseLines, counter, plan =>
        {
            patientLines.Write(plan, PatientJson.Write);
            if (plan.Screening is not null)
            {
                observationLines.Write(plan, (w, p) => ObservationJson.WriteScreening(w, p, phq9: true));
                observationLines.Write(plan, (w, p) => ObservationJson.WriteScreening(w, p, phq9: false));
                counter.Observation();
                counter.Observation();
            }
        });

        return counter.ToSummary();
    }

    /// <summary>
    /// Writes only the QuestionnaireResponse lines (the same lines, in the same order, as
    /// QuestionnaireResponse.ndjson from <see cref="WriteNdjson"/>) to <paramref name="writer"/>, patient by
    /// patient, never holding the cohort in memory. Returns the number of lines written, malformed ones included.
    /// The writer is not closed.
    /// </summary>
    public static long WriteQuestionnaireResponses(CohortOptions options, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Patients);
        ArgumentNullException.ThrowIfNull(writer);
        using var lines = new NdjsonWriter(writer);
        CohortRun.Run(options, lines, new CohortCounter(), onPatient: null);
        return lines.Lines;
    }

    private static StreamWriter Open(string folder, string resourceType) =>
        new(Path.Combine(folder, resourceType + ".ndjson"), append: false, Utf8NoBom, bufferSize: 1 << 16);
}
