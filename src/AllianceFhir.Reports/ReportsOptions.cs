using AllianceFhir.Core.Reports;

namespace AllianceFhir.Reports;

/// <summary>Routine alliance evaluation reports. Section "Reports".</summary>
public sealed class ReportsOptions
{
    public const string Section = "Reports";

    /// <summary>Counts 1..SuppressBelow−1 are shown as "&lt;SuppressBelow" in every output (default 11; see ReportSettings).</summary>
    public int SuppressBelow { get; set; } = 11;

    /// <summary>The monthly report: 04:00 on the 1st, for the previous month (in Jobs:TimeZone).</summary>
    public string MonthlyCron { get; set; } = "0 4 1 * *";

    /// <summary>When set, the monthly job also writes report.html / report.csv there, under a folder per period.</summary>
    public string? OutputFolder { get; set; }

    public ReportSettings ToSettings() => new() { SuppressBelow = SuppressBelow };
}
