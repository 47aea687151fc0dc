using System.Net;
using AllianceFhir.Core.Reports;

namespace AllianceFhir.Reports.Tests;

/// <summary>The HTML report as rendered for the `report` verb's file and the endpoint: values are text, never markup.</summary>
public class ReportHtmlTests
{
    private const string Hostile = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";

    [Fact]
    public void Render_WhenAClinicsNameCarriesMarkup_ThenTablesAndChartShowItAsText()
    {
        var report = GoldenCohort.Report(suppressBelow: 1);
        var table = report.Table with
        {
            Rows = report.Table.Rows.Select(r => r.Stratum == "Organization/clinic-b" ? r with { Stratum = Hostile } : r).ToList(),
        };

        var html = ReportHtml.Render(table, report.Generated);

        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains($"<td class=\"label\">{Hostile}</td>", text); // the rupture table and the clinic strata
        Assert.Contains("<section class=\"strata\" id=\"strata-clinic\">", html);
    }

    [Fact]
    public void Render_WhenTheGoldenReport_ThenTheSummaryCarriesTheHandFiguresAndTheStyleTheCspAllows()
    {
        var report = GoldenCohort.Report(suppressBelow: 11);

        var html = ReportHtml.Render(report.Table, report.Generated);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("<title>Alliance evaluation report 2026-10</title>", html);
        Assert.Contains("<tr data-indicator=\"coverage\">", html);
        Assert.Contains("<td>92.3%</td>", html);
        Assert.Contains("Counts from 1 to 10 are shown as \"<11\" and rates from them withheld", WebUtility.HtmlDecode(html));
        var style = System.Text.RegularExpressions.Regex.Match(html, "<style>(.*?)</style>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(style)));
        Assert.Contains($"'sha256-{hash}'", ReportHtml.ContentSecurityPolicy);
    }
}
