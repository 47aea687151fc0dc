using AllianceFhir.Core.Reports;
using AllianceFhir.Core.Trajectories;
using AllianceFhir.Ehr.Clinical;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Reports;
using AllianceFhir.Service.Reports;
using AllianceFhir.Service.Tests.Support;

namespace AllianceFhir.Service.Tests.Reports;

/// <summary>
/// The hand-worked cohort of the reports library's tests (tests/AllianceFhir.Reports.Tests/golden, see golden.md there),
/// read through the service's ndjson input, as the `report` verb, the monthly job and the endpoint get it; and its October
/// 2026 report.
/// </summary>
internal static class GoldenCohort
{
    public static readonly ReportPeriod October = new(2026, 10);

    public static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "AllianceFhir.Reports.Tests", "golden");

    public static EngineContext Engine { get; } = new(ProfileDirectory.LoadCatalogue(), new TrajectorySettings());

    public static ReportData Data { get; } = NdjsonReportData.Load(Folder, Engine);

    public static ReportResult Report(int suppressBelow) =>
        ReportService.Compute(Engine, October, Data, new ReportSettings { SuppressBelow = suppressBelow }, new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero));
}
