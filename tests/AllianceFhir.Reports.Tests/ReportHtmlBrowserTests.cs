using AllianceFhir.Testing.FhirServer;
using Microsoft.Playwright;

namespace AllianceFhir.Reports.Tests;

/// <summary>The HTML report opened in Debian's Chromium (Microsoft.Playwright): what a reader sees, on screen and printed.</summary>
public class ReportHtmlBrowserTests
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    [Fact]
    public async Task Html_WhenOpenedInChromium_ThenChartsDrawnTablesCarryTheHandFiguresAndSmallCellsShowLessThan11()
    {
        using var folder = new TempFolder();
        var result = GoldenCohort.Report(11);
        var path = folder.Combine("report.html");
        await File.WriteAllTextAsync(path, ReportHtml.Render(result.Table, result.Generated));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 1000 } });
        await page.GotoAsync(new Uri(path).AbsoluteUri);

        foreach (var chart in new[] { "coverage-trend", "rupture-repair", "early-alliance-scatter" })
        {
            var box = await page.Locator($"figure[data-chart='{chart}'] svg").BoundingBoxAsync();
            Assert.True(box is { Width: > 400, Height: > 150 }, $"{chart}: the chart is not drawn at a readable size");
        }
        // 11 early-alliance/change pairs for each of PHQ-9 and GAD-7 (n = 11 is shown), plus the two legend markers.
        Assert.Equal(24, await page.Locator("figure[data-chart='early-alliance-scatter'] svg ellipse").CountAsync());
        // 5 ruptures is a small number: the rupture chart says its rates are withheld instead of drawing zeros.
        Assert.Contains("withheld", await page.Locator("figure[data-chart='rupture-repair']").InnerTextAsync());

        var coverage = await page.Locator("table[data-table='summary'] tr[data-indicator='coverage'] td").AllInnerTextsAsync();
        Assert.Equal(["12", "13", "92.3%"], coverage.Skip(1));
        var phq = await page.Locator("table[data-table='association'] tbody tr").First.Locator("td").AllInnerTextsAsync();
        Assert.Equal(["PHQ-9", "Pearson", "11", "0.84", "0.47 to 0.96"], phq);
        var clinicB = await page.Locator("table[data-table='strata-clinic'] tbody tr", new() { HasText = "clinic-b" }).Locator("td").AllInnerTextsAsync();
        Assert.Equal("<11", clinicB[1]);
        Assert.Equal("—", clinicB[2]); // coverage withheld
        var rupture = await page.Locator("table[data-table='rupture-repair'] tbody tr").First.Locator("td").AllInnerTextsAsync();
        Assert.Equal(["All", "30", "<11", "—", "<11", "—"], rupture);

        var screenshots = RepositoryRoot.Combine("artifacts", "screenshots");
        Directory.CreateDirectory(screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "report.png"), FullPage = true });

        // Printed: charts stay drawn and each strata section starts a new page.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.True(await page.Locator("figure[data-chart='coverage-trend'] svg").IsVisibleAsync());
        Assert.Equal("page", await page.EvalOnSelectorAsync<string>("section.strata", "e => getComputedStyle(e).breakBefore"));
        var pdf = await page.PdfAsync(new() { Format = "A4" });
        Assert.True(pdf.Length > 10_000, "the printed report is empty");
    }
}
