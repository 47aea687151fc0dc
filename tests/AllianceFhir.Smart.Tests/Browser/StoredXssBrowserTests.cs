using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Samples.Sessions;
using AllianceFhir.Smart.Tests.Support;
using AllianceFhir.Testing;
using Microsoft.Playwright;

namespace AllianceFhir.Smart.Tests.Browser;

/// <summary>
/// Stored XSS, as issue 10 tried it: script payloads stored in the EHR (the sandbox's FHIR server) wherever the app or the
/// sandbox's launcher shows EHR text (the patient's name and MRN in the banner, an alert's title, summary and detail,
/// who acknowledged it, a response's item text), then the pages rendered in real Chromium. Each payload would set
/// <c>window.__xss</c>; it must stay unset, the payloads must show as text (so the test reached the rendering), and no
/// markup of theirs may reach the DOM (a Content-Security-Policy refusal would mean it did).
/// </summary>
[Collection(SmartSandboxCollection.Name)]
public class StoredXssBrowserTests(SmartSandbox ehr)
{
    private const string Patient = "xss-0001";

    private static readonly string[] Payloads =
    [
        "<img src=x onerror=\"window.__xss='img'\">",
        "<script>window.__xss='script'</script>",
        "\"><svg onload=\"window.__xss='svg'\">",
        "'><iframe srcdoc=\"<script>parent.__xss='iframe'</script>\"></iframe>",
        "<a href=\"javascript:window.__xss='href'\" id=\"xss-link\">x</a>",
    ];

    [Fact]
    public async Task Attack_StoredXss_ThenNoScriptRuns()
    {
        if (!File.Exists("/usr/bin/chromium")) throw RealPart.Missing("Chromium (/usr/bin/chromium)", "scripts/setup.sh");
        using var fhir = new HttpClient { BaseAddress = new Uri(ehr.Sandbox.FhirUpstreamUrl.TrimEnd('/') + "/") };
        await StoreAsync(fhir);
        await using var app = await ehr.StartAppAsync();
        var launch = await ehr.Sandbox.CreateLaunchAsync(Patient, SmartSandbox.Practitioner, ehrShowsBanner: false);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        var console = new List<string>();
        var dialogs = new List<string>();
        page.Console += (_, m) => console.Add(m.Text);
        page.Dialog += async (_, d) => { dialogs.Add(d.Message); await d.DismissAsync(); };

        // The app: dashboard with the banner (the EHR shows none), then the alerts tab (with the details the dashboard leaves out).
        await page.GotoAsync(app.LaunchUrl(launch).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        try
        {
        await page.Locator("#banner strong").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no banner at {page.Url}: {await page.InnerTextAsync("body")}\n{string.Join("\n", console)}");
        }
        await page.Locator("#dashboard-alerts article").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.ClickAsync("#tab-alerts");
        await page.Locator("#alerts article p.meta").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        var appText = await page.InnerTextAsync("body");
        await AssertNothingRanAsync(page, console, dialogs, "the app");
        Assert.Contains(Payloads[0], await page.InnerTextAsync("#banner")); // the name, shown as text
        Assert.Contains(Payloads[1], await page.InnerTextAsync("#banner")); // the MRN
        foreach (var payload in Payloads[2..]) Assert.Contains(payload, appText); // alert title, summary, acknowledged by

        // The sandbox's launcher lists the same patient by name and MRN.
        console.Clear();
        await page.GotoAsync(ehr.BaseUrl + "/");
        await AssertNothingRanAsync(page, console, dialogs, "the sandbox launcher");
        Assert.Contains(Payloads[2], await page.InnerTextAsync("main"));
    }

    private static async Task AssertNothingRanAsync(IPage page, List<string> console, List<string> dialogs, string where)
    {
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), $"a payload ran in {where}: {await page.EvaluateAsync<string>("() => String(window.__xss)")}");
        Assert.Empty(dialogs);
        // The payloads' markup never became elements: no handler attributes, no inline script, no iframe, no javascript: link.
        Assert.Equal(0, await page.EvaluateAsync<int>(
            "() => document.querySelectorAll('[onerror],[onload],iframe,#xss-link,a[href^=\"javascript:\"],img[src=\"x\"],svg[onload]').length"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => [...document.scripts].filter(s => !s.src).length"));
        // A policy refusal of a script, handler, frame or image would mean a payload's markup got in and only the CSP stopped it.
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.Ordinal)
            && !m.Contains("style", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The patient (name and MRN as payloads), a PHQ-9 with a payload as item text, an alert in every channel and an acknowledgement by a payload.</summary>
    private static async Task StoreAsync(HttpClient fhir)
    {
        var patient = new JsonObject
        {
            ["resourceType"] = "Patient",
            ["id"] = Patient,
            ["identifier"] = new JsonArray(new JsonObject { ["system"] = "https://alliancefhir.org/fhir/sid/synthetic-mrn", ["value"] = Payloads[1] }),
            ["name"] = new JsonArray(new JsonObject { ["use"] = "official", ["text"] = Payloads[0], ["family"] = Payloads[2], ["given"] = new JsonArray(Payloads[3]) }),
            ["gender"] = "other",
            ["birthDate"] = "2005-05-05",
        };
        var response = SessionHistory.Response("phq-9", Patient, 12, DateTimeOffset.UtcNow.AddDays(-7));
        response["item"]![0]!["text"] = Payloads[4];
        await SessionHistory.LoadAsync(fhir, [patient, response]);

        var intent = AlertSeeder.Intent(Patient, AlertKind.Safety, "xss-" + Guid.NewGuid()) with { ReasonDisplay = Payloads[2], Summary = Payloads[3], Detail = Payloads[4] };
        foreach (var channel in new[] { AlertChannel.Flag, AlertChannel.Task, AlertChannel.Communication })
        {
            var id = await AlertSeeder.CreateAsync(fhir, intent, channel);
            var provenance = new JsonObject
            {
                ["resourceType"] = "Provenance",
                ["target"] = new JsonArray(new JsonObject { ["reference"] = $"{channel}/{id}" }),
                ["recorded"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["activity"] = new JsonObject { ["text"] = "Alert acknowledged" },
                ["agent"] = new JsonArray(new JsonObject { ["who"] = new JsonObject { ["display"] = Payloads[4] } }),
            };
            using var created = await fhir.PostAsync("Provenance", JsonContent.Create(provenance, mediaType: new("application/fhir+json")));
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }
    }
}
