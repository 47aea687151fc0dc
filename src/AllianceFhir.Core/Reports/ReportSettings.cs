namespace AllianceFhir.Core.Reports;

/// <summary>Report definitions that are choices rather than published constants (docs/adr/0006-reports.md).</summary>
public sealed record ReportSettings
{
    /// <summary>"Early" alliance: measured at one of the patient's first this-many sessions (the definition).</summary>
    public int EarlySessions { get; init; } = 3;

    /// <summary>Share of a patient's sessions in the period that must carry an alliance measure (the 50%).</summary>
    public decimal MeasuredShare { get; init; } = 0.5m;

    /// <summary>
    /// Counts from 1 to SuppressBelow − 1 are shown as "&lt;SuppressBelow" outside the service. Default 11: the
    /// NHS Digital / HES small-number rule suppresses 1–10 (unverified for every jurisdiction: set it locally).
    /// 0 or 1 turns suppression off.
    /// </summary>
    public int SuppressBelow { get; init; } = 11;

    /// <summary>Months shown in the coverage-over-time chart, ending with the report's month.</summary>
    public int TrendMonths { get; init; } = 12;
}
