namespace AllianceFhir.Core.Reports;

/// <summary>
/// Small-cell suppression (ReportSettings.SuppressBelow, default 11). Primary: a count from 1 to SuppressBelow − 1
/// is shown as "&lt;SuppressBelow"; zero is shown. Complementary: within one stratifier the strata add up to the
/// shown total, so when exactly one stratum's count is suppressed the next smallest non-zero stratum is suppressed
/// too. A rate is withheld when its numerator or denominator is suppressed; a correlation and its scatter when n is.
/// Hand-written: no .NET statistical-disclosure-control library was found in the package source.
/// </summary>
public static class SmallCellSuppression
{
    public static ReportTable Apply(AllianceReport report)
    {
        var below = report.Settings.SuppressBelow;
        bool Small(int v) => below > 1 && v >= 1 && v < below;

        var overall = PopulationCounts.Fields.ToDictionary(f => f, f => new Cell(report.Overall[f], Small(report.Overall[f]), below));
        var strata = new Dictionary<(string Stratifier, string Value), Dictionary<string, Cell>>();
        foreach (var group in report.Strata.GroupBy(s => s.Stratifier))
        {
            var cells = group.ToDictionary(s => (s.Stratifier, s.Value), s => new Dictionary<string, Cell>());
            foreach (var field in PopulationCounts.Fields)
            {
                var suppressed = group.Where(s => Small(s.Counts[field])).Select(s => s.Value).ToHashSet(StringComparer.Ordinal);
                if (suppressed.Count == 1 && !overall[field].Suppressed)
                {
                    var next = group.Where(s => !suppressed.Contains(s.Value) && s.Counts[field] > 0)
                        .OrderBy(s => s.Counts[field]).ThenBy(s => s.Value, StringComparer.Ordinal).FirstOrDefault();
                    if (next is not null) suppressed.Add(next.Value);
                }
                foreach (var s in group) cells[(s.Stratifier, s.Value)][field] = new Cell(s.Counts[field], suppressed.Contains(s.Value), below);
            }
            foreach (var (key, value) in cells) strata[key] = value;
        }

        var rows = new List<ReportRow>();
        foreach (var indicator in Indicators.All)
        {
            rows.Add(Row(null, "all", indicator, overall));
            foreach (var s in report.Strata) rows.Add(Row(s.Stratifier, s.Value, indicator, strata[(s.Stratifier, s.Value)]));
        }

        var associations = report.Associations.Select(a =>
        {
            var n = new Cell(a.Pairs.Count, Small(a.Pairs.Count), below);
            return n.Suppressed
                ? new ShownAssociation(a.Outcome, n, null, null, [])
                : new ShownAssociation(a.Outcome, n, a.Pearson, a.Spearman, a.Pairs);
        }).ToList();

        var trend = report.Trend.Select(t =>
        {
            var active = new Cell(t.Active, Small(t.Active), below);
            var covered = new Cell(t.Covered, Small(t.Covered), below);
            return new ShownTrendPoint(t.Month, active, covered, Rate(covered, active, 100));
        }).ToList();

        return new ReportTable(report.Period, below, rows, associations, trend);
    }

    private static ReportRow Row(string? stratifier, string stratum, Indicator indicator, IReadOnlyDictionary<string, Cell> cells)
    {
        var numerator = cells[indicator.Numerator];
        var denominator = cells[indicator.Denominator];
        return new ReportRow(stratifier, stratum, indicator, numerator, denominator, Rate(numerator, denominator, indicator.Per));
    }

    private static decimal? Rate(Cell numerator, Cell denominator, decimal per) =>
        numerator.Suppressed || denominator.Suppressed || denominator.Value == 0
            ? null
            : Math.Round(numerator.Value * per / denominator.Value, 1, MidpointRounding.AwayFromZero);
}
