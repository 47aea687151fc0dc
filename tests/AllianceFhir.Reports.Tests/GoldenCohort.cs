using AllianceFhir.Core.Reports;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Trajectories;
using AllianceFhir.Ehr.Clinical;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Testing.FhirServer;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Reports.Tests;

/// <summary>
/// The hand-worked cohort in golden/ (see golden.md there: EHR-stored score Observations and Patients as Bulk Data
/// ndjson), and its October 2026 report. Read with Firely and Core as the service's ndjson input reads these two files
/// (that input is the host's, tested with this cohort in AllianceFhir.Service.Tests/Reports).
/// </summary>
internal static class GoldenCohort
{
    public static readonly ReportPeriod October = new(2026, 10);

    public static string Folder => RepositoryRoot.Combine("tests", "AllianceFhir.Reports.Tests", "golden");

    public static EngineContext Engine { get; } = new(ProfileDirectory.LoadCatalogue(), new TrajectorySettings());

    public static ReportData Data { get; } = Load();

    public static ReportResult Report(int suppressBelow) =>
        ReportService.Compute(Engine, October, Data, new ReportSettings { SuppressBelow = suppressBelow }, new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero));

    private static ReportData Load()
    {
        var deserializer = new FhirJsonDeserializer();
        var points = Lines("Observation")
            .Select(line => ObservationScoreReader.TryRead(deserializer.Deserialize<Observation>(line), Engine.Catalogue, out _))
            .OfType<(SeriesKey Key, ScorePoint Point)>()
            .ToList();
        var patients = Lines("Patient").Select(line => PatientDemographics.From(deserializer.Deserialize<Patient>(line)))
            .ToDictionary(p => p.Reference, StringComparer.Ordinal);
        return new ReportData(points, patients);
    }

    private static IEnumerable<string> Lines(string type) =>
        File.ReadLines(Path.Combine(Folder, type + ".ndjson")).Where(line => !string.IsNullOrWhiteSpace(line));
}
