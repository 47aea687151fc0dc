namespace AllianceFhir.Core.Reports;

/// <summary>
/// One indicator for the whole report (Stratifier null) or one stratum, after suppression. <see cref="Rate"/> is
/// null when it is withheld (a suppressed count) or undefined (denominator 0).
/// </summary>
public sealed record ReportRow(string? Stratifier, string Stratum, Indicator Indicator, Cell Numerator, Cell Denominator, decimal? Rate);
