using System.Text.Json;
using AllianceFhir.Smart.Tests.Support;
using AllianceFhir.Testing;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AllianceFhir.Smart.Tests.Browser;

/// <summary>
/// Real Chromium through the whole stack: EHR launch from the sandbox, the dashboard's charts and their text
/// alternatives, an accessibility check, a PHQ-9 given in LHC-Forms with item 9 above 0, the new score on the
/// dashboard, the safety alert, and acknowledging it. Screenshots go to artifacts/screenshots.
/// </summary>
[Collection(SmartSandboxCollection.Name)]
public class ClinicianJourneyBrowserTests(SmartSandbox ehr)
{
    private static readonly string Shots = AllianceFhir.Testing.FhirServer.RepositoryRoot.Combine("artifacts", "screenshots");

    [Fact]
    public async Task Journey_WhenLaunchedFromSandbox_ThenChartsFormSafetyAlertAndAcknowledge()
    {
        if (!File.Exists("/usr/bin/chromium")) throw RealPart.Missing("Chromium (/usr/bin/chromium)", "scripts/setup.sh");
        Directory.CreateDirectory(Shots);
        await using var app = await ehr.StartAppAsync();
        var launch = await ehr.Sandbox.CreateLaunchAsync(SmartSandbox.Patient, SmartSandbox.Practitioner);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        var console = new List<string>();
        page.Console += (_, m) => { if (m.Type is "error" or "warning") console.Add(m.Text); };
        page.PageError += (_, e) => console.Add("page error: " + e);
        page.RequestFailed += (_, r) => console.Add($"failed {r.Url} {r.Failure}");
        await page.GotoAsync(app.LaunchUrl(launch).AbsoluteUri);

        // Dashboard: a canvas per chart and a text alternative with the API's numbers.
        try
        {
            await page.Locator("#summary li").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "failure.png"), FullPage = true });
            throw new TimeoutException($"no summary at {page.Url}: {await page.InnerTextAsync("body")}\n{string.Join("\n", console)}");
        }
        var dashboard = JsonDocument.Parse(await page.EvaluateAsync<string>($"async () => (await fetch('api/patients/{SmartSandbox.Patient}/dashboard')).text()")).RootElement;
        var phq9 = dashboard.GetProperty("symptoms").EnumerateArray().Single(c => c.GetProperty("instrumentId").GetString() == "phq-9");
        Assert.Equal(1, await page.Locator("#figure-phq-9 canvas").CountAsync());
        var firstRow = await page.Locator("#figure-phq-9 tbody tr").First.Locator("td").AllTextContentsAsync();
        Assert.Equal(phq9.GetProperty("points")[0].GetProperty("value").GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture), firstRow[2].Split(' ')[0]); // td: session, encounter, score
        Assert.Equal(phq9.GetProperty("points").GetArrayLength(), await page.Locator("#figure-phq-9 tbody tr").CountAsync());
        Assert.Contains(phq9.GetProperty("name").GetString()!, await page.Locator("#chart-phq-9").GetAttributeAsync("aria-label") ?? "");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "dashboard.png"), FullPage = true });

        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help} ({v.Nodes.Length})").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));

        // Give a PHQ-9: "More than half the days" to items 1–8, "Several days" to item 9 (total 17).
        await page.ClickAsync("#tab-administer");
        await page.SelectOptionAsync("#instrument", "phq-9");
        await page.ClickAsync("#start-form");
        var form = page.Locator("#lhc-form");
        await form.Locator("input").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "phq9-form.png"), FullPage = true });
        for (var item = 1; item <= 9; item++)
        {
            // Items 1–9 share the answer labels, in item order: the nth "Several days" radio belongs to item n.
            var answer = item == 9 ? "Several days" : "More than half the days";
            // LHC-Forms (ng-zorro) radios: the label is what a person clicks.
            await form.Locator("label", new LocatorLocatorOptions { Has = page.GetByRole(AriaRole.Radio), HasText = answer }).Nth(item - 1).ClickAsync();
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "phq9-filled.png"), FullPage = true });
        await page.ClickAsync("#submit-form");
        var safety = page.Locator("#safety-next-steps");
        try
        {
            await safety.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "failure.png"), FullPage = true });
            throw new TimeoutException($"no safety next steps: {await page.InnerTextAsync("#result")}\n{string.Join("\n", console)}");
        }
        Assert.Contains("Assess risk today", await safety.InnerTextAsync());
        Assert.Contains("Total: 17", await page.Locator("#result").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "phq9-saved-safety.png"), FullPage = true });

        // The new score is the last row of the PHQ-9 table; the safety alert is listed and can be acknowledged.
        await page.ClickAsync("#tab-dashboard");
        await page.WaitForFunctionAsync("() => { const rows = document.querySelectorAll('#figure-phq-9 tbody tr'); return rows.length && rows[rows.length - 1].children[3].textContent.startsWith('17'); }",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await page.ClickAsync("#tab-alerts");
        var alert = page.Locator("#alerts article.safety").First;
        await alert.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.Contains("self-harm", await alert.InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "alerts.png"), FullPage = true });
        await alert.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Acknowledge" }).ClickAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('status').textContent.startsWith('Alert acknowledged')",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "alert-acknowledged.png"), FullPage = true });
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.Ordinal) && m.Contains("script", StringComparison.Ordinal));
    }
}
