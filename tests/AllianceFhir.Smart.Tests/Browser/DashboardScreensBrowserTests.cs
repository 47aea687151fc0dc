using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Smart.Tests.Support;
using AllianceFhir.Testing;
using AllianceFhir.Samples.Sessions;
using Microsoft.Playwright;

namespace AllianceFhir.Smart.Tests.Browser;

/// <summary>
/// The clinician's screens in real Chromium, launched from the sandbox EHR, in a clinician's zone (Europe/Berlin): dates on
/// one shared time axis, a rupture shaded from its start to its repair, the subscales as small multiples, the expected
/// band marked as unverified, the SRS ceiling said in words, the banner's identifier labelled by its type, and the alert
/// history (a safety alert resolved with a reason and a confirmation, shown with the practitioner's name). Every screen
/// is photographed at 1280×800 and at tablet width (768×1024) into docs/screenshots.
/// </summary>
[Collection(SmartSandboxCollection.Name)]
public sealed class DashboardScreensBrowserTests(SmartSandbox ehr) : IDisposable
{
    private const string PatientId = "dash-screens";
    private const string Zone = "Europe/Berlin";
    private const string Reason = "Risk reviewed with the client and the team today; safety plan updated.";
    private static readonly string Shots = AllianceFhir.Testing.FhirServer.RepositoryRoot.Combine("docs", "screenshots");
    private static readonly DateTimeOffset Start = new(2026, 8, 3, 8, 0, 0, TimeSpan.Zero);

    private readonly HttpClient _fhir = new() { BaseAddress = new Uri(ehr.Sandbox.FhirUpstreamUrl.TrimEnd('/') + "/") };

    public void Dispose() => _fhir.Dispose();

    /// <summary>The last session (12, on 19 Oct 2026): WAI-SR dips again and PHQ-9 item 9 is answered 'Several days'.</summary>
    private static readonly DateTimeOffset LastSession = Start.AddDays(77);

    /// <summary>
    /// 12 weekly sessions (WAI-SR dips at session 6, repaired at 8, and dips again at 12, not yet repaired; PHQ-9 item 9
    /// above 0 at 12), an SRS of 40 every session, an MRN, an encounter. The alerts seeded with it are the ones the
    /// service raises from these responses, on their dates.
    /// </summary>
    private async Task SeedAsync()
    {
        var resources = SessionHistory.Build(PatientId, 12, waiSr: s => s == 12 ? 38 : SessionHistory.WaiSr(s), start: Start);
        var lastPhq9 = resources.FindIndex(r => r["questionnaire"]?.GetValue<string>().Contains("/phq-9", StringComparison.Ordinal) == true
            && r["authored"]!.GetValue<string>().StartsWith(LastSession.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal));
        resources[lastPhq9] = SessionHistory.Response("phq-9", PatientId, SessionHistory.Phq9(12), LastSession, safetyAnswer: 1);
        var patient = resources[0];
        patient["identifier"]![0]!["type"] = new JsonObject
        {
            ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/v2-0203", ["code"] = "MR", ["display"] = "Medical record number" }),
        };
        foreach (var r in resources.Skip(1))
            if (r["authored"]!.GetValue<string>().StartsWith(Start.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal))
                r["encounter"] = new JsonObject { ["reference"] = "Encounter/enc-dash-3", ["display"] = "Outpatient session 3" };
        for (var s = 1; s <= 12; s++)
            resources.Add(new JsonObject
            {
                ["resourceType"] = "QuestionnaireResponse",
                ["questionnaire"] = "https://alliancefhir.org/fhir/Questionnaire/srs|1.0.0",
                ["status"] = "completed",
                ["subject"] = new JsonObject { ["reference"] = $"Patient/{PatientId}" },
                ["authored"] = Start.AddDays(7 * (s - 1)).AddMinutes(55).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["item"] = new JsonArray(Enumerable.Range(1, 4).Select(i => (JsonNode)new JsonObject
                {
                    ["linkId"] = i.ToString(CultureInfo.InvariantCulture),
                    ["answer"] = new JsonArray(new JsonObject { ["valueDecimal"] = 10 }),
                }).ToArray()),
            });
        await SessionHistory.LoadAsync(_fhir, resources);
    }

    [Fact]
    public async Task Screens_WhenLaunchedInBerlin_ThenDatesRupturesSubscalesAlertHistoryAndScreenshots()
    {
        if (!File.Exists("/usr/bin/chromium")) throw RealPart.Missing("Chromium (/usr/bin/chromium)", "scripts/setup.sh");
        Directory.CreateDirectory(Shots);
        await SeedAsync();
        var safetyId = await AlertSeeder.CreateAsync(_fhir, AlertSeeder.Intent(PatientId, AlertKind.Safety, "dash-safety") with { OccurredAt = LastSession }, AlertChannel.Flag);
        // The rupture alert the service keeps open: the second dip, WAI-SR 48 to 38 at session 12 (authored 50 minutes in);
        // the first dip's alert was closed by its repair (docs/adr/0008).
        var dip = LastSession.AddMinutes(50);
        var ruptureId = await AlertSeeder.CreateAsync(_fhir, AlertSeeder.RuptureIntent(PatientId, "dash-rupture", "WAI-SR", 48, 38, dip), AlertChannel.Flag);
        await using var app = await ehr.StartAppAsync();
        var launch = await ehr.Sandbox.CreateLaunchAsync(PatientId, SmartSandbox.Practitioner, ehrShowsBanner: false);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            TimezoneId = Zone,
            Locale = "en-GB",
        });
        var page = await context.NewPageAsync();
        var console = new List<string>(); // script errors only (the refused requests below are logged by Chromium as failed loads)
        page.PageError += (_, e) => console.Add("page error: " + e);
        await page.GotoAsync(app.LaunchUrl(launch).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        try
        {
            await page.Locator("#figure-wai-sr-bond canvas").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no dashboard at {page.Url}: {await page.InnerTextAsync("body")}\n{string.Join("\n", console)}");
        }
        await page.WaitForFunctionAsync("() => window.Chart && Chart.getChart('chart-wai-sr-bond')", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        var dashboard = JsonDocument.Parse(await page.EvaluateAsync<string>($"async () => (await fetch('api/patients/{PatientId}/dashboard')).text()")).RootElement;

        // Dates, not session numbers, on one axis shared by symptoms and alliance: every chart on the page (the subscales'
        // small multiples included) has the same bounds and the same tick dates (a narrow chart may leave some labels out,
        // never move them); the zone is shown.
        var axes = await page.EvaluateAsync<JsonElement>("""
            () => Object.values(Chart.instances).map(c => {
              const x = c.scales.x;
              return { id: c.canvas.id, type: x.type, min: x.min, max: x.max, ticks: x.ticks.map(t => t.value), labels: x.ticks.map(t => String(t.label)) };
            })
            """);
        var ids = axes.EnumerateArray().Select(a => a.GetProperty("id").GetString()).Order().ToList();
        Assert.Equal(["chart-gad-7", "chart-phq-9", "chart-srs", "chart-wai-sr", "chart-wai-sr-bond", "chart-wai-sr-goal", "chart-wai-sr-task"], ids);
        var phqAxis = axes.EnumerateArray().Single(a => a.GetProperty("id").GetString() == "chart-phq-9");
        var phqTicks = phqAxis.GetProperty("ticks").EnumerateArray().Select(t => t.GetDouble()).ToList();
        foreach (var axis in axes.EnumerateArray())
        {
            var id = axis.GetProperty("id").GetString();
            Assert.Equal("time", axis.GetProperty("type").GetString());
            Assert.True(phqAxis.GetProperty("min").GetDouble() == axis.GetProperty("min").GetDouble(), $"{id}: its axis starts elsewhere than PHQ-9's");
            Assert.True(phqAxis.GetProperty("max").GetDouble() == axis.GetProperty("max").GetDouble(), $"{id}: its axis ends elsewhere than PHQ-9's");
            var ticks = axis.GetProperty("ticks").EnumerateArray().Select(t => t.GetDouble()).ToList();
            if (id!.StartsWith("chart-wai-sr-", StringComparison.Ordinal)) Assert.Subset(phqTicks.ToHashSet(), ticks.ToHashSet());
            else Assert.Equal(phqTicks, ticks);
        }
        Assert.True(phqTicks.Count >= 4, $"only {phqTicks.Count} dates on the axis");
        // The axis runs from before the first session (3 Aug) to after the last (19 Oct), for symptoms and alliance alike.
        Assert.True(phqAxis.GetProperty("min").GetDouble() < Start.ToUnixTimeMilliseconds());
        Assert.True(phqAxis.GetProperty("max").GetDouble() > LastSession.AddMinutes(55).ToUnixTimeMilliseconds());
        var labels = phqAxis.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Equal("3 Aug 2026", labels[0]);
        Assert.All(labels.Skip(1), l => Assert.Matches(@"^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$", l));
        // The open rupture alert names the day of the dip as the chart and the summary do.
        Assert.Contains("WAI-SR fell from 48 to 38 on 19 Oct 2026", await page.InnerTextAsync("#dashboard-alerts"));
        Assert.Contains(Zone, await page.InnerTextAsync("#time-zone"));

        // The rupture (WAI-SR dip at session 6, repaired at 8) is a shaded box from the start date to the repair date.
        var rupture = Chart(dashboard, "alliance", "wai-sr").GetProperty("ruptures")[0];
        var start = DateTimeOffset.Parse(rupture.GetProperty("startDate").GetString()!, CultureInfo.InvariantCulture);
        var repair = DateTimeOffset.Parse(rupture.GetProperty("repairDate").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(Start.AddDays(35).Date, start.UtcDateTime.Date);
        Assert.Equal(Start.AddDays(49).Date, repair.UtcDateTime.Date);
        var box = await page.EvaluateAsync<JsonElement>("""
            () => {
              const chart = Chart.getChart('chart-wai-sr');
              const box = chart.options.plugins.annotation.annotations['rupture-0'];
              const x = chart.scales.x.getPixelForValue(box.xMin + (box.xMax - box.xMin) * 0.75);
              const y = chart.chartArea.top + 30;
              const ratio = chart.currentDevicePixelRatio;
              const [r, g, b] = chart.ctx.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data;
              const after = chart.scales.x.getPixelForValue(box.xMax + 14 * 24 * 3600 * 1000); // two weeks after the repair, before the second dip
              const [r0, g0, b0] = chart.ctx.getImageData(Math.round(after * ratio), Math.round(y * ratio), 1, 1).data;
              return { type: box.type, xMin: box.xMin, xMax: box.xMax, inside: [r, g, b], outside: [r0, g0, b0] };
            }
            """);
        Assert.Equal("box", box.GetProperty("type").GetString());
        Assert.Equal(start.ToUnixTimeMilliseconds(), box.GetProperty("xMin").GetDouble());
        Assert.Equal(repair.ToUnixTimeMilliseconds(), box.GetProperty("xMax").GetDouble());
        var inside = box.GetProperty("inside").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var outside = box.GetProperty("outside").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.True(inside[0] - inside[2] > 20, $"no orange shading inside the episode: rgb({string.Join(',', inside)})");
        Assert.True(outside[0] - outside[2] < 10, $"shading outside the episode: rgb({string.Join(',', outside)})");
        Assert.Equal(1, await page.Locator($"#figure-wai-sr .rupture-episode[data-start='{rupture.GetProperty("startDate").GetString()}']").CountAsync());

        // Subscales as small multiples, in the summary too; the expected band says its parameters are unverified defaults.
        Assert.Equal(3, await page.Locator("#subscales-wai-sr figure canvas").CountAsync());
        var summary = await page.InnerTextAsync("#summary");
        Assert.Contains("WAI-SR subscales on", summary);
        Assert.Contains("bond", summary);
        Assert.Contains("Alliance (WAI-SR) dipped on 7 Sep 2026 (48 to 38; largest subscale drop: bond 16 to 12, goal 16 to 12) and recovered on 21 Sep 2026.", summary);
        Assert.Contains("Unverified default parameters", await page.InnerTextAsync("#figure-phq-9"));
        Assert.Contains("Not on track means", await page.InnerTextAsync("#figure-phq-9"));
        // SRS at 40 every session: not evidence of a strong alliance, said beside the chart and in the summary.
        Assert.Contains("is not evidence of a strong alliance", await page.InnerTextAsync("#figure-srs"));
        Assert.Contains("is not evidence of a strong alliance", summary);
        // The response that names an encounter shows it in the data table (and the tooltip).
        Assert.Contains("Outpatient session 3", await page.Locator("#figure-phq-9 tbody").TextContentAsync());
        // The banner labels the identifier by its type: MR is a medical record number.
        Assert.Equal($"MRN SYN-{PatientId.ToUpperInvariant()}", await page.InnerTextAsync("#banner-identifier"));
        await ShootAsync(page, "dashboard");

        // Print view (PDF through the browser) for the case conference.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await page.Locator(".tabs").IsVisibleAsync());
        Assert.True(await page.Locator(".print-patient").IsVisibleAsync());
        Assert.Matches(@"printed \d{1,2} \w{3} 20\d\d, \d\d:\d\d (CET|CEST|GMT\+1|GMT\+2)$", await page.InnerTextAsync(".print-patient"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "dashboard-print.png"), FullPage = true });
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true });
        Assert.True(pdf.Length > 20_000, $"the PDF has {pdf.Length} bytes");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });

        // Giving a questionnaire.
        await page.ClickAsync("#tab-administer");
        await page.SelectOptionAsync("#instrument", "phq-9");
        await page.ClickAsync("#start-form");
        await page.Locator("#lhc-form input").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await ShootAsync(page, "administer");

        // Resolving a safety alert: refused without a reason, by the page and by the server; without the confirmation too.
        await page.ClickAsync("#tab-alerts");
        var safety = page.Locator($"#alert-history article[data-alert='Flag/{safetyId}']");
        await safety.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        var refused = await page.EvaluateAsync<JsonElement>($$"""
            async () => {
              const token = (await (await fetch('api/context')).json()).csrfToken;
              const post = body => fetch('api/patients/{{PatientId}}/alerts/Flag/{{safetyId}}/resolve',
                { method: 'POST', headers: { 'X-CSRF-TOKEN': token, 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(r => r.status);
              return [await post({}), await post({ reason: '   ', confirmed: true }), await post({ reason: 'reviewed', confirmed: false })];
            }
            """);
        Assert.Equal([400, 400, 400], refused.EnumerateArray().Select(v => v.GetInt32()));
        await safety.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Mark as resolved" }).ClickAsync();
        await safety.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Resolve alert" }).ClickAsync();
        Assert.Contains("Give a reason", await safety.Locator(".form-error").InnerTextAsync());
        await safety.Locator("textarea").FillAsync(Reason);
        await safety.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Resolve alert" }).ClickAsync();
        Assert.Contains("Confirm that the risk has been reviewed", await safety.Locator(".form-error").InnerTextAsync());
        Assert.Equal("active", (await AlertSeeder.ReadAsync(_fhir, $"Flag/{safetyId}")).GetProperty("status").GetString());
        await safety.GetByRole(AriaRole.Checkbox).CheckAsync();
        await ShootAsync(page, "alert-resolve");
        await safety.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Resolve alert" }).ClickAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('status').textContent.startsWith('Alert resolved')", null, new PageWaitForFunctionOptions { Timeout = 30_000 });

        // Acknowledge the rupture alert; then the history keeps both, with names, times in the zone, and the reason.
        var ruptureAlert = page.Locator($"#alert-history article[data-alert='Flag/{ruptureId}']");
        await ruptureAlert.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Acknowledge" }).ClickAsync();
        await page.Locator($"#alert-history article[data-alert='Flag/{ruptureId}'] .acknowledged-by").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.SelectOptionAsync("#alert-filter", "resolved");
        var resolved = page.Locator($"#alert-history article[data-alert='Flag/{safetyId}'][data-state='resolved']");
        await resolved.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        var resolvedText = await resolved.InnerTextAsync();
        Assert.Contains("Resolved by Dr Amara Okafor on ", resolvedText);
        Assert.Contains($"Reason: {Reason}", resolvedText);
        Assert.Matches(@"Resolved by Dr Amara Okafor on \d{1,2} \w{3,4} 20\d\d, \d\d:\d\d (CET|CEST|GMT\+1|GMT\+2)", resolvedText);
        Assert.Equal(0, await page.Locator($"#alert-history article[data-alert='Flag/{ruptureId}']").CountAsync());
        await page.SelectOptionAsync("#alert-filter", "all");
        Assert.Contains("Acknowledged by Dr Amara Okafor on ", await ruptureAlert.InnerTextAsync());
        Assert.Contains(Zone, await page.InnerTextAsync("#alert-filter-count"));
        Assert.DoesNotContain("Practitioner/", await page.InnerTextAsync("#alerts"));
        await ShootAsync(page, "alerts");
        Assert.Empty(console);
    }

    private static JsonElement Chart(JsonElement dashboard, string section, string instrument) =>
        dashboard.GetProperty(section).EnumerateArray().Single(c => c.GetProperty("instrumentId").GetString() == instrument);

    /// <summary>The page at 1280×800 and at tablet width (768×1024), whole, then back to 1280×800.</summary>
    private static async Task ShootAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, $"{name}-1280x800.png"), FullPage = true });
        await page.SetViewportSizeAsync(768, 1024);
        await page.WaitForTimeoutAsync(300); // Chart.js resizes on the next frame
        // Nothing wider than the tablet: the charts follow the viewport (no sideways scrolling).
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 768, $"{name}: the page is wider than 768 px");
        // "Sign out" stays on one line, at the top right of the header, beside the app's name.
        var header = await page.EvaluateAsync<JsonElement>("""
            () => {
              const button = document.querySelector('#signout button');
              const text = document.createRange();
              text.selectNodeContents(button);
              const lines = new Set([...text.getClientRects()].map(r => Math.round(r.top))).size;
              const box = button.getBoundingClientRect();
              return { lines, top: box.top, right: box.right, titleBottom: document.querySelector('.app-header h1').getBoundingClientRect().bottom };
            }
            """);
        Assert.True(header.GetProperty("lines").GetInt32() == 1, $"{name}: \"Sign out\" wraps: {header}");
        Assert.True(header.GetProperty("top").GetDouble() < header.GetProperty("titleBottom").GetDouble(), $"{name}: \"Sign out\" is below the app's name: {header}");
        Assert.True(header.GetProperty("right").GetDouble() > 700, $"{name}: \"Sign out\" is not at the right: {header}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, $"{name}-768x1024.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 800);
        await page.WaitForTimeoutAsync(300);
    }
}
