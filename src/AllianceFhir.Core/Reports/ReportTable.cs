namespace AllianceFhir.Core.Reports;

/// <summary>
/// A report as every output that leaves the service shows it (CSV, HTML, REST, MeasureReports sent to the EHR):
/// small counts suppressed, rates from them withheld. Build it with <see cref="SmallCellSuppression.Apply"/>.
/// </summary>
public sealed record ReportTable(
    ReportPeriod Period,
    int SuppressBelow,
    IReadOnlyList<ReportRow> Rows,
    IReadOnlyList<ShownAssociation> Associations,
    IReadOnlyList<ShownTrendPoint> Trend)
{
    public IEnumerable<ReportRow> Overall => Rows.Where(r => r.Stratifier is null);

    public ReportRow Row(Indicator indicator, string? stratifier = null, string? stratum = null) =>
        Rows.First(r => r.Indicator == indicator && r.Stratifier == stratifier && (stratifier is null || r.Stratum == stratum));
}
