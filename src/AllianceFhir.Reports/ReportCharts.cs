using AllianceFhir.Core.Reports;
using ScottPlot;

namespace AllianceFhir.Reports;

/// <summary>
/// Charts as inline SVG drawn by ScottPlot (found in the package source; server-side SVG prints sharply and needs no
/// script in the page). Withheld values are left out of a chart, never drawn as zero.
/// </summary>
public static class ReportCharts
{
    private const int Width = 640;
    private const int Height = 320;

    public static string CoverageTrend(ReportTable table)
    {
        var plot = new Plot();
        var shown = table.Trend.Select((t, i) => (i, t)).Where(x => x.t.Coverage is not null).ToList();
        if (shown.Count > 0)
        {
            var bars = plot.Add.Bars(shown.Select(x => (double)x.i).ToArray(), shown.Select(x => (double)x.t.Coverage!.Value).ToArray());
            bars.Color = Colors.SteelBlue;
        }
        else plot.Add.Annotation("All months withheld: small numbers");
        plot.Axes.Bottom.SetTicks(table.Trend.Select((_, i) => (double)i).ToArray(), table.Trend.Select(t => t.Month.ToString()).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.SetLimitsY(0, 105);
        plot.Axes.SetLimitsX(-0.7, table.Trend.Count - 0.3);
        plot.YLabel("Measured (%)");
        plot.Title("Alliance coverage by month");
        return Scalable(plot.GetSvgXml(Width, Height));
    }

    public static string RuptureAndRepair(ReportTable table, string stratifier)
    {
        var rows = new[] { ("All", table.Row(Indicators.RuptureRate), table.Row(Indicators.RepairRate)) }
            .Concat(table.Rows.Where(r => r.Indicator == Indicators.RuptureRate && r.Stratifier == stratifier)
                .Select(r => (r.Stratum, r, table.Row(Indicators.RepairRate, stratifier, r.Stratum))))
            .ToList();
        var plot = new Plot();
        var rupture = new List<Bar>();
        var repair = new List<Bar>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Item2.Rate is { } r) rupture.Add(new Bar { Position = i * 3, Value = (double)r, FillColor = Colors.IndianRed });
            if (rows[i].Item3.Rate is { } p) repair.Add(new Bar { Position = i * 3 + 1, Value = (double)p, FillColor = Colors.SeaGreen });
        }
        if (rupture.Count > 0) plot.Add.Bars(rupture).LegendText = "Ruptures per 100 measured sessions";
        if (repair.Count > 0) plot.Add.Bars(repair).LegendText = "Ruptures repaired (%)";
        if (rupture.Count + repair.Count == 0) plot.Add.Annotation("All rates withheld: small numbers");
        plot.Axes.Bottom.SetTicks(rows.Select((_, i) => i * 3 + 0.5).ToArray(), rows.Select(r => Short(r.Item1)).ToArray());
        plot.Axes.SetLimitsX(-1, rows.Count * 3 - 1);
        plot.Axes.SetLimitsY(0, Math.Max(105, rupture.Select(b => b.Value).DefaultIfEmpty(0).Max() * 1.1));
        plot.ShowLegend(Edge.Bottom);
        plot.Title($"Rupture and repair rates by {Stratifier.Title(stratifier).ToLowerInvariant()}");
        return Scalable(plot.GetSvgXml(Width, Height));
    }

    public static string EarlyAllianceScatter(ReportTable table)
    {
        var plot = new Plot();
        var colours = new[] { Colors.SteelBlue, Colors.DarkOrange };
        var i = 0;
        foreach (var a in table.Associations)
        {
            if (a.Pairs.Count > 0)
            {
                var points = plot.Add.ScatterPoints(a.Pairs.Select(p => p.X).ToArray(), a.Pairs.Select(p => p.Y).ToArray());
                points.Color = colours[i % colours.Length];
                points.MarkerSize = 7;
                points.LegendText = $"{a.Outcome} improvement";
            }
            i++;
        }
        if (table.Associations.All(a => a.Pairs.Count == 0)) plot.Add.Annotation("Withheld: fewer pairs than the small-number threshold");
        plot.Axes.SetLimitsX(0, 100);
        plot.XLabel("Early alliance (POMP 0–100, first measure by session 3)");
        plot.YLabel("Improvement (points)");
        plot.Title("Early alliance and symptom change");
        plot.ShowLegend(Edge.Bottom);
        return Scalable(plot.GetSvgXml(Width, Height));
    }

    /// <summary>Adds a viewBox so the SVG scales to its box (screen and print) instead of being clipped.</summary>
    private static string Scalable(string svg)
    {
        var at = svg.IndexOf("<svg", StringComparison.Ordinal);
        return at < 0 || svg.Contains("viewBox", StringComparison.Ordinal)
            ? svg
            : svg.Insert(at + 4, $" viewBox=\"0 0 {Width} {Height}\" preserveAspectRatio=\"xMidYMid meet\"");
    }

    private static string Short(string value)
    {
        var slash = value.LastIndexOf('/');
        return slash >= 0 ? value[(slash + 1)..] : value;
    }
}
