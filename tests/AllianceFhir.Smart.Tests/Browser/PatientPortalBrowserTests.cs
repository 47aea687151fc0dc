using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AllianceFhir.Smart.Tests.Support;
using AllianceFhir.Testing;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AllianceFhir.Smart.Tests.Browser;

/// <summary>
/// The client's page in real Chromium on a phone viewport (375 × 667), launched from the sandbox's patient portal: a
/// client completes an assigned PHQ-9 with item 9 above 0 and sees the site's next steps at once, then the clinician's
/// dashboard shows the score and the safety alert; a parent (RelatedPerson) completes a form assigned to them and cannot
/// open the young person's answers. Tasks are seeded straight into the FHIR server (the service assigns them in
/// production). axe checks WCAG 2.1 A/AA on every page. Screenshots go to docs/screenshots/patient-*.png.
/// </summary>
[Collection(SmartSandboxCollection.Name)]
public class PatientPortalBrowserTests(SmartSandbox ehr)
{
    private const string Client = "pat-0004";          // Callum Fernandes, adult, clinician prac-south-1
    private const string ClientsClinician = "prac-south-1";
    private const string YoungPerson = "pat-0010";     // Sami Hussain, 16
    private const string Parent = "rp-0010-parent";    // the sandbox's seeded parent (mother)
    private const string SafetyText = "Test site: if you might act on these thoughts, call the test crisis line now.";
    private const string ContactName = "Test crisis line (test data, not a real service)";
    private static readonly string Shots = AllianceFhir.Testing.FhirServer.RepositoryRoot.Combine("docs", "screenshots");
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private static readonly Dictionary<string, string?> PortalSettings = new()
    {
        ["Smart:Portal:SafetyMessage"] = SafetyText,
        ["Smart:Portal:SafetyContacts:0:Name"] = ContactName,
        ["Smart:Portal:SafetyContacts:0:Url"] = "https://example.org/test-crisis-line",
    };

    [Fact]
    public async Task ClientJourney_WhenLaunchedFromPortalAndItemNineAboveZero_ThenNextStepsAndClinicianSeesScoreAndAlert()
    {
        await using var app = await ehr.StartAppAsync(settings: PortalSettings);
        var task = await SeedTaskAsync(Client, $"Patient/{Client}", "phq-9");
        await using var session = await PhoneAsync(app);
        var page = session.Page;

        await SignInAtPortalAsync(page, app, $"Patient/{Client}");
        var open = page.Locator($"button.open-questionnaire[data-task='{task}']");
        await WaitAsync(page, open, session.Console);
        Assert.Equal("Your questionnaires", await page.InnerTextAsync("h1"));
        Assert.Contains("PHQ-9", await open.InnerTextAsync());
        await AssertAccessibleAsync(page, "list");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "patient-list.png"), FullPage = true });

        // Keyboard only: Tab to the questionnaire and open it with Enter.
        await open.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var form = page.Locator("#lhc-form");
        await WaitAsync(page, form.Locator("input").First, session.Console);
        Assert.Equal("heading-focused", await page.EvaluateAsync<string>("() => document.activeElement.id === 'form-heading' ? 'heading-focused' : document.activeElement.id"));
        await AssertAccessibleAsync(page, "form");
        // The client answers, the care team scores (Smart:Portal:ShowScoresToClient is off): no total, no score beside an answer.
        Assert.DoesNotContain("total score", await form.InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Several days - 1", await form.InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "patient-phq9-form.png"), FullPage = true });

        // "Several days" to items 1–8, "More than half the days" to item 9: total 10, item 9 = 2.
        for (var item = 1; item <= 9; item++)
        {
            var answer = item == 9 ? "More than half the days" : "Several days";
            await form.Locator("label", new LocatorLocatorOptions { Has = page.GetByRole(AriaRole.Radio), HasText = answer }).Nth(item - 1).ClickAsync();
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "patient-phq9-filled.png"), FullPage = true });
        await page.ClickAsync("#submit-form");

        var steps = page.Locator("#safety-message");
        await WaitAsync(page, steps, session.Console);
        Assert.Equal(SafetyText, await steps.InnerTextAsync());
        Assert.Contains(ContactName, await page.InnerTextAsync("#safety-contacts"));
        Assert.Equal("safety-heading", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.True(await page.Locator("#done-scores").IsHiddenAsync(), "scores shown to the client although the site setting is off");
        await AssertAccessibleAsync(page, "next steps");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "patient-next-steps.png"), FullPage = true });

        // In the record: the Task completed with the response as its output, the response based on the Task, authored by the client.
        var (stored, response) = await ReadTaskAndResponseAsync(task);
        Assert.Equal("completed", stored.GetProperty("status").GetString());
        Assert.Equal($"Task/{task}", response.GetProperty("basedOn")[0].GetProperty("reference").GetString());
        Assert.Equal($"Patient/{Client}", response.GetProperty("author").GetProperty("reference").GetString());

        // The list is empty now; the clinician's dashboard shows the new score (10) and the safety alert.
        await page.ClickAsync("#done-back");
        await page.Locator("#list-empty").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

        var clinician = await session.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        await clinician.GotoAsync(app.LaunchUrl(await ehr.Sandbox.CreateLaunchAsync(Client, ClientsClinician)).AbsoluteUri);
        await clinician.WaitForFunctionAsync("() => { const rows = document.querySelectorAll('#figure-phq-9 tbody tr'); return rows.length && rows[rows.length - 1].children[3].textContent.startsWith('10'); }",
            null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        await clinician.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "patient-clinician-dashboard.png"), FullPage = true });
        await clinician.ClickAsync("#tab-alerts");
        var alert = clinician.Locator("#alerts article.safety").First;
        await alert.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.Contains("self-harm", await alert.InnerTextAsync());
        await clinician.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "patient-clinician-alert.png"), FullPage = true });
    }

    [Fact]
    public async Task CaregiverJourney_WhenParentLaunchedFromPortal_ThenCompletesTheirFormAndCannotOpenTheYoungPersonsAnswers()
    {
        // Scores on for this site: a carer still never sees the young person's scores or answers.
        await using var app = await ehr.StartAppAsync(settings: new Dictionary<string, string?>(PortalSettings) { ["Smart:Portal:ShowScoresToClient"] = "true" });
        // The parent form of the young people's pack: RCADS-P-25 (structure only, its wording is licensed: docs/domain.md §2).
        var task = await SeedTaskAsync(YoungPerson, $"RelatedPerson/{Parent}", "rcads-p-25");
        var youngPersonsOwn = await SeedTaskAsync(YoungPerson, $"Patient/{YoungPerson}", "phq-9");
        await using var session = await PhoneAsync(app);
        var page = session.Page;

        await SignInAtPortalAsync(page, app, $"RelatedPerson/{Parent}");
        var open = page.Locator($"button.open-questionnaire[data-task='{task}']");
        await WaitAsync(page, open, session.Console);
        Assert.Equal("Questionnaires about Sami", await page.InnerTextAsync("h1"));
        Assert.Equal(0, await page.Locator($"button.open-questionnaire[data-task='{youngPersonsOwn}']").CountAsync());
        await AssertAccessibleAsync(page, "carer list");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "patient-carer-list.png"), FullPage = true });

        await open.ClickAsync();
        var form = page.Locator("#lhc-form");
        await WaitAsync(page, form.Locator("input").First, session.Console);
        await AssertAccessibleAsync(page, "carer form");
        for (var item = 1; item <= 25; item++)
            await form.Locator("label", new LocatorLocatorOptions { Has = page.GetByRole(AriaRole.Radio), HasText = "Rating 1" }).Nth(item - 1).ClickAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "patient-carer-form.png"), FullPage = true });
        await page.ClickAsync("#submit-form");
        await WaitAsync(page, page.Locator("#done-heading"), session.Console, visible: true);
        Assert.True(await page.Locator("#safety").IsHiddenAsync());
        Assert.True(await page.Locator("#done-scores").IsHiddenAsync(), "a carer was shown scores");
        await AssertAccessibleAsync(page, "carer done");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "patient-carer-done.png"), FullPage = true });

        var (stored, response) = await ReadTaskAndResponseAsync(task);
        Assert.Equal("completed", stored.GetProperty("status").GetString());
        Assert.Equal($"RelatedPerson/{Parent}", response.GetProperty("author").GetProperty("reference").GetString());
        // Scored as the parent's report: 25 items at 1 each (RCADS-P-25 total, 0–75), performer the parent.
        using (var fhir = ehr.Sandbox.FhirServer!.CreateHttpClient())
        {
            var scores = await fhir.GetFromJsonAsync<JsonElement>($"Observation?derived-from=QuestionnaireResponse/{response.GetProperty("id").GetString()}");
            var total = scores.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource"))
                .Single(o => o.GetProperty("code").GetProperty("coding").EnumerateArray().Any(c => c.GetProperty("code").GetString() == "rcads-p-25-total"));
            Assert.Equal(25m, total.GetProperty("valueQuantity").GetProperty("value").GetDecimal());
            Assert.Equal($"RelatedPerson/{Parent}", total.GetProperty("performer")[0].GetProperty("reference").GetString());
        }

        // The young person's answers and scores are out of reach: the clinician's API, their Task's form, the scores.
        foreach (var (path, status) in new[]
                 {
                     ($"../api/patients/{YoungPerson}/dashboard", 403),
                     ($"../api/patients/{YoungPerson}/alerts", 403),
                     ($"../api/portal/questionnaires/{youngPersonsOwn}/form", 404),
                     ("../api/portal/scores", 403),
                 })
        {
            Assert.Equal(status, await page.EvaluateAsync<int>($"async () => (await fetch('{path}')).status"));
        }
        var body = await page.EvaluateAsync<string>($"async () => await (await fetch('../api/patients/{YoungPerson}/dashboard')).text()");
        Assert.DoesNotContain("phq-9", body, StringComparison.OrdinalIgnoreCase);
    }

    private sealed record Phone(IPlaywright Playwright, IBrowser Browser, IPage Page, List<string> Console) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            Playwright.Dispose();
        }
    }

    private static async Task<Phone> PhoneAsync(AppUnderTest app)
    {
        if (!File.Exists("/usr/bin/chromium")) throw RealPart.Missing("Chromium (/usr/bin/chromium)", "scripts/setup.sh");
        Directory.CreateDirectory(Shots);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions
        {
            ViewportSize = new ViewportSize { Width = 375, Height = 667 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
        });
        var console = new List<string>();
        page.Console += (_, m) => { if (m.Type is "error" or "warning") console.Add(m.Text); };
        page.PageError += (_, e) => console.Add("page error: " + e);
        // The sandbox sends portal users to the app's default address; this test's app listens on a free port.
        await page.RouteAsync("http://127.0.0.1:5090/**", route =>
        {
            var target = new Uri(route.Request.Url);
            return route.FulfillAsync(new RouteFulfillOptions { Status = 302, Headers = new Dictionary<string, string> { ["Location"] = app.Url(target.PathAndQuery).AbsoluteUri } });
        });
        return new Phone(playwright, browser, page, console);
    }

    private async Task SignInAtPortalAsync(IPage page, AppUnderTest app, string user)
    {
        await page.GotoAsync(ehr.BaseUrl + "/portal");
        if (user.StartsWith("Patient/", StringComparison.Ordinal))
        {
            await page.SelectOptionAsync("#portal-patient", user);
            await page.ClickAsync("#portal-sign-in-patient");
        }
        else
        {
            await page.Locator($"form:has(input[value='{user}']) button").ClickAsync();
        }
        await page.WaitForURLAsync(new Uri(app.App.BaseUrl, "/patient/").AbsoluteUri, new PageWaitForURLOptions { Timeout = 30_000 });
    }

    private static async Task WaitAsync(IPage page, ILocator locator, List<string> console, bool visible = false)
    {
        try
        {
            await locator.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000, State = visible ? WaitForSelectorState.Visible : null });
        }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "patient-failure.png"), FullPage = true });
            throw new TimeoutException($"waited in vain at {page.Url}: {await page.InnerTextAsync("body")}\n{string.Join("\n", console)}");
        }
    }

    /// <summary>axe-core (WCAG 2.0 and 2.1, levels A and AA) finds nothing on the page as it is now.</summary>
    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } });
        Assert.True(result.Passes.Length > 10, $"axe checked almost nothing on the {what} page ({result.Passes.Length} rules passed)");
        var found = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => string.Join(' ', n.Target)))}").ToList();
        Assert.True(found.Count == 0, $"axe on the {what} page:\n{string.Join("\n", found)}");
    }

    private async Task<string> SeedTaskAsync(string patient, string owner, string instrument)
    {
        using var fhir = ehr.Sandbox.FhirServer!.CreateHttpClient();
        var task = $$"""
            {"resourceType":"Task","status":"requested","intent":"order","authoredOn":"2026-12-01T09:00:00Z",
             "code":{"coding":[{"system":"http://hl7.org/fhir/uv/sdc/CodeSystem/temp","code":"complete-questionnaire"}]},
             "for":{"reference":"Patient/{{patient}}"},"owner":{"reference":"{{owner}}"},"requester":{"reference":"Practitioner/{{ClientsClinician}}"},
             "restriction":{"period":{"start":"2026-01-01T00:00:00Z","end":"2099-12-31T00:00:00Z"} },
             "input":[{"type":{"coding":[{"system":"http://hl7.org/fhir/uv/sdc/CodeSystem/temp","code":"questionnaire"}]},
                       "valueCanonical":"https://alliancefhir.org/fhir/Questionnaire/{{instrument}}|1.0.0"}]}
            """;
        using var created = await fhir.PostAsync("Task", new StringContent(task, Encoding.UTF8, "application/fhir+json"));
        var text = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, $"seeding the Task failed: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<(JsonElement Task, JsonElement Response)> ReadTaskAndResponseAsync(string taskId)
    {
        using var fhir = ehr.Sandbox.FhirServer!.CreateHttpClient();
        var task = await fhir.GetFromJsonAsync<JsonElement>($"Task/{taskId}");
        var output = task.GetProperty("output")[0].GetProperty("valueReference").GetProperty("reference").GetString()!;
        Assert.StartsWith("QuestionnaireResponse/", output);
        return (task, await fhir.GetFromJsonAsync<JsonElement>(output));
    }
}
