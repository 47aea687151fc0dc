using AllianceFhir.Samples.Sessions;
using AllianceFhir.Smart.Tests.Support;
using AllianceFhir.Testing;
using Microsoft.Playwright;

namespace AllianceFhir.Smart.Tests.Browser;

/// <summary>
/// Real Chromium on the app's page, the EHR being the test FHIR server with <c>--refuse Flag,Task,Communication</c>:
/// a PHQ-9 given with item 9 above 0 shows its next steps and a plain warning that the alert is not in the record,
/// never "The questionnaire was not saved". Screenshot in artifacts/screenshots.
/// </summary>
public sealed class SafetyWithoutAlertChannelBrowserTests(NoAlertChannelFhirServer fhir) : IClassFixture<NoAlertChannelFhirServer>
{
    private const string PatientId = "browser-no-channel";

    [Fact]
    public async Task Submit_WhenItem9PositiveAndEhrAcceptsNoAlertChannel_ThenPageShowsNextStepsAndAlertNotInRecord()
    {
        if (!File.Exists("/usr/bin/chromium")) throw RealPart.Missing("Chromium (/usr/bin/chromium)", "scripts/setup.sh");
        await SessionHistory.LoadAsync(fhir.Client, SessionHistory.Build(PatientId, 2));
        using var session = new TestSmartSession(fhir.BaseUrl, PatientId);
        await using var host = await FeatureHost.StartAsync(session, serveShell: true);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        await page.GotoAsync(host.BaseUrl);

        await page.ClickAsync("#tab-administer");
        await page.SelectOptionAsync("#instrument", "phq-9");
        await page.ClickAsync("#start-form");
        var form = page.Locator("#lhc-form");
        await form.Locator("input").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        for (var item = 1; item <= 9; item++)
            await form.Locator("label", new LocatorLocatorOptions { Has = page.GetByRole(AriaRole.Radio), HasText = "Several days" }).Nth(item - 1).ClickAsync();
        await page.ClickAsync("#submit-form");

        var result = page.Locator("#result");
        var safety = page.Locator("#safety-next-steps");
        try
        {
            await safety.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no safety next steps: {await result.InnerTextAsync()}");
        }
        var shots = AllianceFhir.Testing.FhirServer.RepositoryRoot.Combine("artifacts", "screenshots");
        Directory.CreateDirectory(shots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "phq9-saved-alert-not-written.png"), FullPage = true });

        var text = await result.InnerTextAsync();
        Assert.DoesNotContain("was not saved", text);
        Assert.Contains("Assess risk today", await safety.InnerTextAsync());
        Assert.Contains("The safety alert could not be added to the record", await safety.InnerTextAsync());
        Assert.Contains("Tell the care team directly", await page.Locator("#safety-alert-not-written").InnerTextAsync());
        Assert.Contains("Total: 9", text);
        Assert.Contains("saved", await page.Locator("#result .result-box h3").InnerTextAsync());
    }
}
