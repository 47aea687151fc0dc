namespace AllianceFhir.Core.Reports;

public sealed record ShownTrendPoint(ReportPeriod Month, Cell Active, Cell Covered, decimal? Coverage);
