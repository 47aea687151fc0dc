using System.Text.Json;
using AllianceFhir.Smart.Tests.Support;
using AllianceFhir.Testing;
using Microsoft.Playwright;

namespace AllianceFhir.Smart.Tests.Session;

/// <summary>
/// Real Chromium: an EHR chart on another site (localhost vs 127.0.0.1) frames the app; the launch runs inside the
/// iframe and the session cookie works there (SameSite=None; Secure on http loopback, as Chromium allows).
/// </summary>
[Collection(SmartSandboxCollection.Name)]
public class FramedBrowserTests(SmartSandbox ehr)
{
    [Fact]
    public async Task FramedLaunch_WhenAnotherSitesChartFramesTheApp_ThenTheSessionWorksInsideTheIframe()
    {
        if (!File.Exists("/usr/bin/chromium")) throw RealPart.Missing("Chromium (/usr/bin/chromium)", "scripts/setup.sh");
        await using var app = await ehr.StartAppAsync(settings: new Dictionary<string, string?> { ["Smart:FrameAncestors"] = "'self' http://localhost:*" });
        var launch = await ehr.Sandbox.CreateLaunchAsync(SmartSandbox.Patient, SmartSandbox.Practitioner);
        // The EHR's chart page on another site (localhost; the app is on 127.0.0.1), from a real loopback server.
        await using var chart = await HitCountingServer.StartAsync(
            $"<!doctype html><title>Chart</title><iframe id=\"app\" src=\"{app.LaunchUrl(launch)}\"></iframe>", "text/html");
        var chartUrl = $"http://localhost:{chart.BaseUrl.Port}/chart";

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        var trail = new List<string>();
        page.Response += (_, r) => trail.Add($"{r.Status} {r.Url} xfo={r.Headers.GetValueOrDefault("x-frame-options")} csp={r.Headers.GetValueOrDefault("content-security-policy")}");
        page.RequestFailed += (_, r) => trail.Add($"FAILED {r.Url} {r.Failure}");
        await page.GotoAsync(chartUrl);
        var shellUrl = app.Url("/").AbsoluteUri;
        IFrame? frame = null;
        for (var i = 0; i < 100 && frame is null; i++)
        {
            frame = page.Frames.FirstOrDefault(f => f.Url == shellUrl);
            if (frame is null) await Task.Delay(100);
        }
        Assert.True(frame is not null, "the iframe never reached the app shell; frames: " + string.Join(", ", page.Frames.Select(f => f.Url)) + "\n" + string.Join("\n", trail));

        var context = await frame.EvaluateAsync<string>("async () => { const r = await fetch('/api/context'); return r.status + ' ' + await r.text(); }");
        Assert.StartsWith("200 ", context);
        Assert.Equal(SmartSandbox.Patient, JsonDocument.Parse(context[4..]).RootElement.GetProperty("patient").GetString());
        var cookies = await page.Context.CookiesAsync([app.App.BaseUrl.AbsoluteUri]);
        var session = Assert.Single(cookies, c => c.Name == "__Host-alliancefhir-session");
        Assert.Equal(SameSiteAttribute.None, session.SameSite);
        Assert.True(session.Secure);
        Assert.True(session.HttpOnly);
    }
}
