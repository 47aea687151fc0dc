namespace AllianceFhir.Core.Reports;

/// <summary>The report's rates, in the order every output shows them (definitions: docs/adr/0006-reports.md).</summary>
public static class Indicators
{
    public const string CoverageMeasure = "alliance-coverage";
    public const string RupturesMeasure = "alliance-ruptures";
    public const string RepairMeasure = "alliance-repair";
    public const string OutcomesMeasure = "talking-therapies-outcomes";

    public static readonly Indicator Coverage = new("coverage", "Alliance measured in the period", CoverageMeasure, "coverage",
        nameof(PopulationCounts.Covered), nameof(PopulationCounts.Active), "patients with an alliance measure", "patients in active treatment", 100, "%");

    public static readonly Indicator EarlyCoverage = new("early-coverage", "Alliance measured within the first 3 sessions", CoverageMeasure, "early-coverage",
        nameof(PopulationCounts.EarlyMeasured), nameof(PopulationCounts.EarlyEligible), "patients measured early", "active patients with ≥ 3 sessions", 100, "%");

    public static readonly Indicator HalfMeasured = new("half-measured", "Alliance measured at ≥ 50% of sessions", CoverageMeasure, "half-measured",
        nameof(PopulationCounts.HalfMeasured), nameof(PopulationCounts.Active), "patients measured at ≥ 50% of sessions", "patients in active treatment", 100, "%");

    public static readonly Indicator RuptureRate = new("rupture-rate", "Ruptures per 100 measured sessions", RupturesMeasure, "rupture-rate",
        nameof(PopulationCounts.Ruptures), nameof(PopulationCounts.MeasuredSessions), "ruptures starting in the period", "measured sessions", 100, "per 100 sessions");

    public static readonly Indicator RepairRate = new("repair-rate", "Ruptures repaired", RepairMeasure, "repair-rate",
        nameof(PopulationCounts.Repaired), nameof(PopulationCounts.Ruptures), "ruptures repaired", "ruptures starting in the period", 100, "%");

    public static readonly Indicator ReliableImprovement = new("reliable-improvement", "Reliable improvement", OutcomesMeasure, "reliable-improvement",
        nameof(PopulationCounts.ReliableImprovement), nameof(PopulationCounts.OutcomeCohort), "reliably improved", "outcome cohort", 100, "%");

    public static readonly Indicator Recovery = new("recovery", "Recovery", OutcomesMeasure, "recovery",
        nameof(PopulationCounts.Recovered), nameof(PopulationCounts.Cases), "recovered", "cases at the first measure", 100, "%");

    public static readonly Indicator ReliableRecovery = new("reliable-recovery", "Reliable recovery", OutcomesMeasure, "reliable-recovery",
        nameof(PopulationCounts.ReliablyRecovered), nameof(PopulationCounts.Cases), "reliably recovered", "cases at the first measure", 100, "%");

    public static readonly IReadOnlyList<Indicator> All =
        [Coverage, EarlyCoverage, HalfMeasured, RuptureRate, RepairRate, ReliableImprovement, Recovery, ReliableRecovery];

    public static readonly IReadOnlyList<string> Measures = [CoverageMeasure, RupturesMeasure, RepairMeasure, OutcomesMeasure];
}
