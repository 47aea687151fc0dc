namespace AllianceFhir.Core.Reports;

/// <summary>Coverage in one month: patients with a session, and those of them with an alliance measure.</summary>
public sealed record TrendPoint(ReportPeriod Month, int Active, int Covered);
