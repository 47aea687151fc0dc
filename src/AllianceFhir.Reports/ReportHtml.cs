using System.Globalization;
using System.Text;
using AllianceFhir.Core.Reports;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging.Abstractions;

namespace AllianceFhir.Reports;

/// <summary>
/// A self-contained HTML report (inline CSS and SVG, no script, no external request) that reads well printed: each
/// chart sits beside a table carrying the same numbers, sections avoid page breaks inside, strata start a new page.
/// Razor components rendered server-side, as every server-rendered page in the project (docs/adr/0010).
/// </summary>
public static class ReportHtml
{
    internal const string Css = """
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

    /// <summary>
    /// The page (<see cref="ReportPage"/> and its sections, Razor components) rendered to a string by ASP.NET Core's
    /// <see cref="HtmlRenderer"/>, which needs no HTTP request: the <c>report</c> verb writes it to a file, the
    /// endpoint serves it. Every value is HTML-encoded by Razor; only the style block and ScottPlot's SVG are markup.
    /// </summary>
    public static string Render(ReportTable table, DateTimeOffset generated)
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(ReportPage.Table)] = table,
            [nameof(ReportPage.Generated)] = generated,
        });
        // The components render synchronously, so the dispatcher runs this inline and the wait never blocks.
        return renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<ReportPage>(parameters)).ToHtmlString())
            .GetAwaiter().GetResult();
    }

    internal static string Rate(ReportRow row) => row.Indicator.Unit == "%" ? Percent(row.Rate) : Number(row.Rate);

    internal static string Percent(decimal? v) => v is { } x ? x.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    internal static string Number(decimal? v) => v?.ToString("0.0", CultureInfo.InvariantCulture) ?? "—";

    internal static string R(double? r) => r?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—";
}
