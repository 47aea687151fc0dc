using System.Text.Json;
using System.Text.Json.Nodes;
using AllianceFhir.Samples.Sessions;
using AllianceFhir.Smart.Features.Dashboard;
using AllianceFhir.Smart.Tests.Support;
using AllianceFhir.Testing;
using AllianceFhir.Testing.FhirServer;
using AllianceFhir.Testing.Files;
using Microsoft.Playwright;

namespace AllianceFhir.Smart.Tests.Browser;

/// <summary>
/// Issue 13 §3 in real Chromium against the real test FHIR server: a young person's PHQ-9 beside two caregivers' reports
/// of the same construct, one on a caregiver version paired in configuration (a test pair built from PHQ-9, as RCADS-P
/// will pair with RCADS), one on the self-report form itself. Same time axis as every chart, caregiver lines dashed and
/// labelled with relationship and name, the discrepancy marker drawn and said in words; the self-report chart keeps
/// only the young person's own scores. Screenshot: docs/screenshots/informants-1280x800.png.
/// </summary>
public sealed class InformantDashboardBrowserTests(FhirServerFixture fhir) : IClassFixture<FhirServerFixture>
{
    private const string PatientId = "informant-dash";
    private const string ParentUrl = "https://alliancefhir.org/fhir/Questionnaire/phq-9-parent";
    private static readonly DateTimeOffset Start = new(2026, 9, 7, 15, 0, 0, TimeSpan.Zero);

    /// <summary>profiles/ plus a caregiver version of PHQ-9 (test data only: id, url and title changed).</summary>
    private static string ProfilesWithParentForm(TempFolder folder)
    {
        foreach (var file in Directory.GetFiles(RepositoryRoot.Combine("profiles"), "*.json")) File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)));
        var parent = JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("profiles", "Questionnaire-phq-9.json")))!.AsObject();
        parent["id"] = "phq-9-parent";
        parent["url"] = ParentUrl;
        parent["name"] = "PHQ9ParentReportTestPair";
        parent["title"] = "PHQ-9 parent report, test pair (PHQ-9-P)";
        File.WriteAllText(Path.Combine(folder.Path, "Questionnaire-phq-9-parent.json"), parent.ToJsonString());
        return folder.Path;
    }

    private static JsonObject Caregiver(string id, string code, string display, string given) => new()
    {
        ["resourceType"] = "RelatedPerson", ["id"] = id, ["patient"] = new JsonObject { ["reference"] = $"Patient/{PatientId}" },
        ["relationship"] = new JsonArray(new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/v3-RoleCode", ["code"] = code, ["display"] = display }) }),
        ["name"] = new JsonArray(new JsonObject { ["family"] = "Doe", ["given"] = new JsonArray(given) }),
    };

    private static JsonObject Answered(string questionnaire, string author, int total, DateTimeOffset when)
    {
        var response = SessionHistory.Response("phq-9", PatientId, total, when);
        response["questionnaire"] = questionnaire;
        response["author"] = new JsonObject { ["reference"] = author };
        return response;
    }

    private async Task SeedAsync()
    {
        // The young person's own PHQ-9: 18, 17, 16, 15, 14, 13 weekly (SessionHistory), born 2011 (15).
        var resources = SessionHistory.Build(PatientId, 6, start: Start);
        resources[0]["birthDate"] = "2011-05-01";
        resources.Add(Caregiver("informant-mum", "MTH", "mother", "Jane"));
        resources.Add(Caregiver("informant-dad", "FTH", "father", "John"));
        // Mother, on the paired caregiver version, the day after each session: sees more improvement than the young person.
        int[] mother = [17, 16, 12, 9, 7, 6];
        for (var s = 0; s < mother.Length; s++) resources.Add(Answered(ParentUrl, "RelatedPerson/informant-mum", mother[s], Start.AddDays(7 * s + 1)));
        // Father, on the self-report form itself, twice: close to the young person's own scores.
        resources.Add(Answered("https://alliancefhir.org/fhir/Questionnaire/phq-9|1.0.0", "RelatedPerson/informant-dad", 15, Start.AddDays(14).AddHours(3)));
        resources.Add(Answered("https://alliancefhir.org/fhir/Questionnaire/phq-9|1.0.0", "RelatedPerson/informant-dad", 14, Start.AddDays(35).AddHours(3)));
        await SessionHistory.LoadAsync(fhir.Client, resources);
    }

    [Fact]
    public async Task Dashboard_WhenCaregiversReportTheSameConstruct_ThenSideBySideOnOneAxisLabelledWithTheMarkerInWords()
    {
        if (!File.Exists("/usr/bin/chromium")) throw RealPart.Missing("Chromium (/usr/bin/chromium)", "scripts/setup.sh");
        await SeedAsync();
        using var profiles = new TempFolder();
        var settings = new Dictionary<string, string?>
        {
            ["Smart:ProfilesFolder"] = ProfilesWithParentForm(profiles),
            ["Informants:Pairs:0:Self"] = "https://alliancefhir.org/fhir/Questionnaire/phq-9",
            ["Informants:Pairs:0:Caregiver"] = "phq-9-parent",
        };
        using var session = new TestSmartSession(fhir.BaseUrl, PatientId, TestSmartSession.AllScopes.Append(InformantLabels.Scope).ToHashSet(StringComparer.Ordinal));
        await using var host = await FeatureHost.StartAsync(session, settings, serveShell: true);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 }, TimezoneId = "Europe/London", Locale = "en-GB" });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(host.BaseUrl);
        try
        {
            await page.Locator("#figure-informants-phq-9 canvas").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
            await page.WaitForFunctionAsync("() => window.Chart && Chart.getChart('chart-informants-phq-9') && Chart.getChart('chart-phq-9')", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no informant chart: {await page.InnerTextAsync("body")}\n{string.Join("\n", errors)}");
        }

        var charts = await page.EvaluateAsync<JsonElement>("""
            () => {
              const both = Chart.getChart('chart-informants-phq-9');
              const self = Chart.getChart('chart-phq-9');
              return {
                sets: both.data.datasets.map(d => ({ label: d.label, n: d.data.length, dash: (d.borderDash ?? []).length, colour: d.borderColor })),
                bounds: Object.values(Chart.instances).map(c => `${c.scales.x.min} ${c.scales.x.max}`),
                ticks: Object.values(Chart.instances).filter(c => !c.canvas.closest('.small-multiples')).map(c => c.scales.x.ticks.map(t => t.value).join(' ')),
                selfPoints: self.data.datasets.find(d => d.label === 'PHQ-9 score').data.map(p => p.y),
                discrepancies: Object.keys(both.options.plugins.annotation.annotations).filter(k => k.startsWith('discrepancy-')).length,
              };
            }
            """);
        var sets = charts.GetProperty("sets").EnumerateArray().ToList();
        Assert.Equal(["Client (self-report)", "Caregiver: Father (John Doe)", "Caregiver: Mother (Jane Doe)"], sets.Select(s => s.GetProperty("label").GetString()));
        Assert.Equal([6, 2, 6], sets.Select(s => s.GetProperty("n").GetInt32()));
        // The caregiver lines are dashed and another colour; the client's is solid.
        Assert.Equal(0, sets[0].GetProperty("dash").GetInt32());
        Assert.All(sets.Skip(1), s => Assert.True(s.GetProperty("dash").GetInt32() > 0));
        Assert.All(sets.Skip(1), s => Assert.NotEqual(sets[0].GetProperty("colour").GetString(), s.GetProperty("colour").GetString()));
        // One time axis with the symptom and alliance charts: every chart has the same bounds, every full-size one the
        // same tick dates.
        var bounds = charts.GetProperty("bounds").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.True(bounds.Count >= 3, $"only {bounds.Count} charts");
        Assert.Single(bounds.Distinct());
        Assert.Single(charts.GetProperty("ticks").EnumerateArray().Select(a => a.GetString()).Distinct());
        // The self-report chart holds only the young person's own six scores, never a caregiver's.
        Assert.Equal([18m, 17m, 16m, 15m, 14m, 13m], charts.GetProperty("selfPoints").EnumerateArray().Select(v => v.GetDecimal()));
        // Mother differs by a band or more at sessions 3–6: four connectors; father never.
        Assert.Equal(4, charts.GetProperty("discrepancies").GetInt32());

        var figure = await page.InnerTextAsync("#figure-informants-phq-9");
        Assert.Contains("De Los Reyes & Kazdin 2005", figure);
        Assert.Contains("severity bands 1 or more apart", figure);
        Assert.Contains("unverified defaults", figure);
        var notes = await page.Locator("#discrepancy-phq-9 li").AllInnerTextsAsync();
        Assert.Equal(2, notes.Count);
        Assert.Contains(notes, n => n.StartsWith("Caregiver: Mother (Jane Doe) rated PHQ-9 6 (mild) on 13 Oct 2026", StringComparison.Ordinal)
            && n.Contains("13 (moderate) on 12 Oct 2026", StringComparison.Ordinal) && n.Contains("Informant discrepancy", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("Caregiver: Father (John Doe) rated PHQ-9 14 (moderate)", StringComparison.Ordinal)
            && n.Contains("No informant discrepancy", StringComparison.Ordinal));
        Assert.Contains("PHQ-9: the latest caregiver report (Caregiver: Mother (Jane Doe)) and the client's self-report disagree", await page.InnerTextAsync("#summary"));
        Assert.Empty(errors);

        var shots = RepositoryRoot.Combine("docs", "screenshots");
        Directory.CreateDirectory(shots);
        await page.Locator("#figure-informants-phq-9").ScrollIntoViewIfNeededAsync();
        await page.Locator("#figure-informants-phq-9").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(shots, "informants-1280x800.png") });
    }
}
