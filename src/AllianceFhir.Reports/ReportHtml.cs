using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using AllianceFhir.Core.Reports;

namespace AllianceFhir.Reports;

/// <summary>
/// A self-contained HTML report (inline CSS and SVG, no script, no external request) that reads well printed: each
/// chart sits beside a table carrying the same numbers, sections avoid page breaks inside, strata start a new page.
/// Built with a StringBuilder and HtmlEncoder: one fixed page does not justify a template engine.
/// </summary>
public static class ReportHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    private const string Css = """
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2rem; color: #1a1a1a; max-width: 1200px; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.25rem; border-bottom: 2px solid #4682b4; padding-bottom: .2rem; margin-top: 2rem; }
        .meta { color: #444; } .note { font-size: .85rem; color: #333; background: #f3f6f9; padding: .6rem .8rem; border-left: 4px solid #4682b4; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
        th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: right; } th { background: #e8eef4; }
        td.label, th.label { text-align: left; }
        .pair { display: flex; gap: 1.5rem; align-items: flex-start; flex-wrap: wrap; }
        figure { margin: 0; } figure svg { width: 560px; height: auto; border: 1px solid #ddd; }
        section { page-break-inside: avoid; break-inside: avoid; }
        section.strata { page-break-before: always; break-before: page; }
        @media print {
          body { margin: 0; max-width: none; font-size: 10pt; }
          .pair { display: block; } figure svg { width: 16cm; }
          h2 { page-break-after: avoid; break-after: avoid; }
          table { page-break-inside: avoid; break-inside: avoid; }
          @page { size: A4; margin: 15mm; }
        }
        """;

    /// <summary>
    /// The page's Content-Security-Policy: nothing may load or run; only the one inline style block (by its SHA-256,
    /// CSP Level 2 hash-source), inline SVG and data: images. Served with the page by <c>/api/reports</c>.
    /// </summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'; "
        + "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static string Render(ReportTable table, DateTimeOffset generated)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E($"Alliance evaluation report {table.Period}")).Append("</title><style>").Append(Css).Append("</style></head><body>");
        html.Append("<h1>Routine alliance evaluation: ").Append(E(table.Period.ToString())).Append("</h1>");
        html.Append("<p class=\"meta\">Generated ").Append(E(generated.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))
            .Append(". Counts from 1 to ").Append(table.SuppressBelow - 1).Append(" are shown as \"&lt;").Append(table.SuppressBelow)
            .Append("\" and rates from them withheld (—); a second cell is suppressed where a total would reveal the first.</p>");
        html.Append("<p class=\"note\">A session is a day with any measure for the patient; active treatment is at least one session in the month; ")
            .Append("outcomes follow NHS Talking Therapies (PHQ-9 and GAD-7 together, at least two of each, the last in the month). ")
            .Append("Population criteria are computed by AllianceFhir's own code, described in the Measures' text: no CQL engine is used. ")
            .Append("Definitions: docs/adr/0006-reports.md.</p>");

        Summary(html, table);
        Coverage(html, table);
        Ruptures(html, table);
        Association(html, table);
        foreach (var stratifier in Stratifier.All) Strata(html, table, stratifier);
        html.Append("</body></html>");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, ReportTable table)
    {
        html.Append("<section id=\"summary\"><h2>Summary</h2><table data-table=\"summary\"><thead><tr><th class=\"label\">Indicator</th><th>Numerator</th><th>Denominator</th><th>Rate</th></tr></thead><tbody>");
        foreach (var row in table.Overall)
            html.Append("<tr data-indicator=\"").Append(E(row.Indicator.Id)).Append("\"><td class=\"label\">").Append(E(row.Indicator.Title))
                .Append("<br><small>").Append(E(row.Indicator.NumeratorTitle)).Append(" / ").Append(E(row.Indicator.DenominatorTitle)).Append("</small></td><td>")
                .Append(E(row.Numerator.Text)).Append("</td><td>").Append(E(row.Denominator.Text)).Append("</td><td>").Append(E(Rate(row))).Append("</td></tr>");
        html.Append("</tbody></table></section>");
    }

    private static void Coverage(StringBuilder html, ReportTable table)
    {
        html.Append("<section id=\"coverage\"><h2>Coverage over time</h2><div class=\"pair\"><figure data-chart=\"coverage-trend\" aria-label=\"Alliance coverage by month\">")
            .Append(ReportCharts.CoverageTrend(table)).Append(Caption(table.Trend.All(t => t.Coverage is null))).Append("</figure><table data-table=\"coverage-trend\"><thead><tr><th class=\"label\">Month</th><th>Active</th><th>Measured</th><th>Coverage</th></tr></thead><tbody>");
        foreach (var t in table.Trend)
            html.Append("<tr><td class=\"label\">").Append(E(t.Month.ToString())).Append("</td><td>").Append(E(t.Active.Text)).Append("</td><td>")
                .Append(E(t.Covered.Text)).Append("</td><td>").Append(E(Percent(t.Coverage))).Append("</td></tr>");
        html.Append("</tbody></table></div></section>");
    }

    private static void Ruptures(StringBuilder html, ReportTable table)
    {
        html.Append("<section id=\"ruptures\"><h2>Ruptures and repairs</h2><div class=\"pair\"><figure data-chart=\"rupture-repair\" aria-label=\"Rupture and repair rates by clinic\">")
            .Append(ReportCharts.RuptureAndRepair(table, Stratifier.Clinic))
            .Append(Caption(table.Rows.Where(r => r.Indicator == Indicators.RuptureRate || r.Indicator == Indicators.RepairRate).Where(r => r.Stratifier is null or Stratifier.Clinic).All(r => r.Rate is null)))
            .Append("</figure><table data-table=\"rupture-repair\"><thead><tr><th class=\"label\">Clinic</th><th>Measured sessions</th><th>Ruptures</th><th>per 100 sessions</th><th>Repaired</th><th>Repaired %</th></tr></thead><tbody>");
        RuptureRow(html, "All", table.Row(Indicators.RuptureRate), table.Row(Indicators.RepairRate));
        foreach (var r in table.Rows.Where(r => r.Indicator == Indicators.RuptureRate && r.Stratifier == Stratifier.Clinic))
            RuptureRow(html, r.Stratum, r, table.Row(Indicators.RepairRate, Stratifier.Clinic, r.Stratum));
        html.Append("</tbody></table></div></section>");
    }

    private static void RuptureRow(StringBuilder html, string label, ReportRow rupture, ReportRow repair) =>
        html.Append("<tr><td class=\"label\">").Append(E(label)).Append("</td><td>").Append(E(rupture.Denominator.Text)).Append("</td><td>")
            .Append(E(rupture.Numerator.Text)).Append("</td><td>").Append(E(Number(rupture.Rate))).Append("</td><td>").Append(E(repair.Numerator.Text))
            .Append("</td><td>").Append(E(Percent(repair.Rate))).Append("</td></tr>");

    private static void Association(StringBuilder html, ReportTable table)
    {
        html.Append("<section id=\"association\"><h2>Alliance and outcome</h2><div class=\"pair\"><figure data-chart=\"early-alliance-scatter\" aria-label=\"Early alliance against symptom improvement\">")
            .Append(ReportCharts.EarlyAllianceScatter(table)).Append(Caption(table.Associations.All(a => a.Pairs.Count == 0)))
            .Append("</figure><div><table data-table=\"association\"><thead><tr><th class=\"label\">Outcome</th><th class=\"label\">Method</th><th>n</th><th>r</th><th>95% CI</th></tr></thead><tbody>");
        foreach (var a in table.Associations)
            foreach (var (method, c) in new[] { ("Pearson", a.Pearson), ("Spearman", a.Spearman) })
                html.Append("<tr><td class=\"label\">").Append(E(a.Outcome)).Append("</td><td class=\"label\">").Append(method).Append("</td><td>").Append(E(a.N.Text))
                    .Append("</td><td>").Append(E(R(c?.R))).Append("</td><td>").Append(E(c?.Lower is { } lo && c.Upper is { } hi ? $"{R(lo)} to {R(hi)}" : "—")).Append("</td></tr>");
        html.Append("</tbody></table><table data-table=\"published\"><thead><tr><th class=\"label\">Published alliance–outcome correlation</th><th>r</th></tr></thead><tbody>");
        foreach (var (source, r) in Core.Reports.Association.Published)
            html.Append("<tr><td class=\"label\">").Append(E(source)).Append("</td><td>").Append(E(R(r))).Append("</td></tr>");
        html.Append("</tbody></table><p class=\"note\">Early alliance: the first alliance measure at one of the patient's first 3 sessions, pooled across ")
            .Append("instruments on a 0–100 POMP scale. Improvement: first − last score, so a positive r means a stronger early alliance went with more improvement. ")
            .Append("Pearson CI by Fisher's z; Spearman CI by Fisher's z with the Bonett–Wright standard error.</p></div></div></section>");
    }

    private static void Strata(StringBuilder html, ReportTable table, string stratifier)
    {
        var strata = table.Rows.Where(r => r.Indicator == Indicators.Coverage && r.Stratifier == stratifier).Select(r => r.Stratum).ToList();
        html.Append("<section class=\"strata\" id=\"strata-").Append(E(stratifier)).Append("\"><h2>By ").Append(E(Stratifier.Title(stratifier).ToLowerInvariant()))
            .Append("</h2><table data-table=\"strata-").Append(E(stratifier)).Append("\"><thead><tr><th class=\"label\">").Append(E(Stratifier.Title(stratifier))).Append("</th><th>Active</th>");
        foreach (var i in Indicators.All) html.Append("<th>").Append(E(i.Title)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var s in strata)
        {
            html.Append("<tr><td class=\"label\">").Append(E(s)).Append("</td><td>").Append(E(table.Row(Indicators.Coverage, stratifier, s).Denominator.Text)).Append("</td>");
            foreach (var i in Indicators.All) html.Append("<td>").Append(E(Rate(table.Row(i, stratifier, s)))).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table></section>");
    }

    private static string Caption(bool allWithheld) =>
        allWithheld ? "<figcaption>All values withheld: small numbers (see the table).</figcaption>" : "";

    private static string Rate(ReportRow row) => row.Indicator.Unit == "%" ? Percent(row.Rate) : Number(row.Rate);

    private static string Percent(decimal? v) => v is { } x ? x.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    private static string Number(decimal? v) => v?.ToString("0.0", CultureInfo.InvariantCulture) ?? "—";

    private static string R(double? r) => r?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—";

    private static string E(string s) => Encoder.Encode(s);
}
