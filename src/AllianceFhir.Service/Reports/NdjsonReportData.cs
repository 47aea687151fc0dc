using AllianceFhir.Core.Pipeline;
using AllianceFhir.Core.Reports;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Trajectories;
using AllianceFhir.Ehr.Clinical;
using AllianceFhir.Service.Ndjson;
using AllianceFhir.Service.Nightly;
using Hl7.Fhir.Model;
using AllianceFhir.Reports;

namespace AllianceFhir.Service.Reports;

/// <summary>
/// Report data from a Bulk Data ndjson folder, scored in memory with Core (QuestionnaireResponse.ndjson through
/// ScoringRun, EHR-stored totals in Observation.ndjson through ObservationScoreReader), with Patient.ndjson's strata.
/// Unreadable lines are counted and skipped, never fatal.
/// </summary>
public static class NdjsonReportData
{
    public static ReportData Load(string folder, EngineContext engine)
    {
        if (!Directory.Exists(folder)) throw new ArgumentException($"--input: folder '{folder}' does not exist");
        if (!Directory.EnumerateFiles(folder, "*.ndjson").Any()) throw new ArgumentException($"--input: folder '{folder}' holds no *.ndjson files");
        var points = new List<(SeriesKey, ScorePoint)>();
        var patients = new Dictionary<string, ReportPatient>(StringComparer.Ordinal);
        var run = new ScoringRun(engine.Catalogue, engine.Settings);
        var skipped = 0;
        foreach (var (type, resource) in Read(folder, ["QuestionnaireResponse", "Observation", "Patient"], () => skipped++))
        {
            switch (resource)
            {
                case QuestionnaireResponse response:
                    points.AddRange(run.AddResponse(response).Points);
                    break;
                case Observation observation when ObservationScoreReader.TryRead(observation, engine.Catalogue, out _) is { } read:
                    points.Add(read);
                    break;
                case Patient patient:
                    var p = PatientDemographics.From(patient);
                    patients[p.Reference] = p;
                    break;
            }
        }
        return new ReportData(points, patients, skipped);
    }

    private static IEnumerable<(string Type, Resource Resource)> Read(string folder, string[] types, Action onBad)
    {
        foreach (var type in types)
        {
            var file = Path.Combine(folder, type + ".ndjson");
            if (!File.Exists(file)) continue;
            var parser = new ResourceLineParser(new HashSet<string> { type });
            foreach (var line in File.ReadLines(file))
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                var parsed = parser.Parse(line);
                if (parsed.Resource is null) { onBad(); continue; }
                yield return (type, parsed.Resource);
            }
        }
    }
}
