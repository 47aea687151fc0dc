using AllianceFhir.Core.Reports;

namespace AllianceFhir.Reports;

/// <summary>A computed report: the full figures (kept in the service) and the suppressed table (what leaves it).</summary>
public sealed record ReportResult(AllianceReport Report, ReportTable Table, DateTimeOffset Generated);
