namespace AllianceFhir.Core.Reports;

/// <summary>A period's report before small-cell suppression: it never leaves the service as it is (see <see cref="ReportTable"/>).</summary>
public sealed record AllianceReport(
    ReportPeriod Period,
    ReportSettings Settings,
    PopulationCounts Overall,
    IReadOnlyList<StratumCounts> Strata,
    IReadOnlyList<Association> Associations,
    IReadOnlyList<TrendPoint> Trend,
    IReadOnlyList<PatientFacts> Patients);
