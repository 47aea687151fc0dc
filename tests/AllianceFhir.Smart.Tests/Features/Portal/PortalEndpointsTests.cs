using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AllianceFhir.Smart.Tests.Support;

namespace AllianceFhir.Smart.Tests.Features.Portal;

/// <summary>
/// The client's API against the real sandbox and FHIR server, launched as the portal does (a Patient or RelatedPerson
/// user): the scopes asked for, the wall between the client's and the clinician's API, antiforgery on the submission, and
/// scores in plain language when the site shows them.
/// </summary>
[Collection(SmartSandboxCollection.Name)]
public class PortalEndpointsTests(SmartSandbox ehr)
{
    private const string Client = "pat-0005";

    private async Task<Uri> PortalLaunchAsync(AppUnderTest app, TestBrowser browser, string patient, string userType, string userId)
    {
        var launch = await ehr.Sandbox.CreatePortalLaunchAsync(patient, userType, userId);
        var start = await browser.GetAsync(app.Url($"/patient/launch?iss={Uri.EscapeDataString(ehr.FhirBaseUrl)}&launch={launch}"));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = browser.History[^1].Location!;
        var callback = await AppUnderTest.AuthorizeAsync(browser, authorize);
        var done = await browser.GetAsync(callback);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/patient/", done.Headers.Location!.OriginalString);
        return authorize;
    }

    private Task<string> SeedPhq9TaskAsync(string patient) => SeedTaskAsync(patient, "https://alliancefhir.org/fhir/Questionnaire/phq-9|1.0.0");

    private async Task<string> SeedTaskAsync(string patient, string canonical)
    {
        using var fhir = ehr.Sandbox.FhirServer!.CreateHttpClient();
        var task = $$"""
            {"resourceType":"Task","status":"ready","intent":"order",
             "code":{"coding":[{"system":"http://hl7.org/fhir/uv/sdc/CodeSystem/temp","code":"complete-questionnaire"}]},
             "for":{"reference":"Patient/{{patient}}"},"owner":{"reference":"Patient/{{patient}}"},
             "input":[{"type":{"coding":[{"system":"http://hl7.org/fhir/uv/sdc/CodeSystem/temp","code":"questionnaire"}]},
                       "valueCanonical":"{{canonical}}"}]}
            """;
        using var created = await fhir.PostAsync("Task", new StringContent(task, Encoding.UTF8, "application/fhir+json"));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>
    /// A PHQ-9 response with items 1-8 answered "Several days" (1, or <paramref name="item1Code"/>) and item 9 as given
    /// (default "Not at all", 0): total 8 by default. <paramref name="extra"/> is put before the items as it is.
    /// </summary>
    private static string Phq9Response(string item9Code = "LA6568-5", string item1Code = "LA6569-3", string extra = "")
    {
        var items = Enumerable.Range(1, 9).Select(i =>
            "{\"linkId\":\"" + i + "\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"" + (i == 9 ? item9Code : i == 1 ? item1Code : "LA6569-3") + "\"}}]}");
        return $$"""{"resourceType":"QuestionnaireResponse","status":"completed",{{extra}}"item":[{{string.Join(",", items)}}]}""";
    }

    /// <summary>"Nearly every day" (3): item 9 above 0.</summary>
    private const string NearlyEveryDay = "LA6571-9";

    /// <summary>The client's submission of <paramref name="body"/> for the Task, with the antiforgery token the page sends.</summary>
    private static async Task<HttpResponseMessage> SubmitAsync(AppUnderTest app, TestBrowser browser, string task, string body)
    {
        var csrf = (await (await browser.GetAsync(app.Url("/api/portal/context"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("csrfToken").GetString();
        return await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, app.Url($"/api/portal/questionnaires/{task}/response"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/fhir+json"),
            Headers = { { "X-CSRF-TOKEN", csrf } },
        });
    }

    private async Task<int> FlagCountAsync(string patient)
    {
        using var fhir = ehr.Sandbox.FhirServer!.CreateHttpClient();
        var bundle = await fhir.GetFromJsonAsync<JsonElement>($"Flag?subject=Patient/{patient}&_count=1000");
        return bundle.TryGetProperty("entry", out var entries) ? entries.GetArrayLength() : 0;
    }

    private static async Task<bool> StillOpenAsync(AppUnderTest app, TestBrowser browser, string task)
    {
        var list = await (await browser.GetAsync(app.Url("/api/portal/questionnaires"))).Content.ReadFromJsonAsync<JsonElement>();
        return list.EnumerateArray().Any(a => a.GetProperty("taskId").GetString() == task);
    }

    private async Task<JsonElement> ReadTaskAsync(string id)
    {
        using var fhir = ehr.Sandbox.FhirServer!.CreateHttpClient();
        return await fhir.GetFromJsonAsync<JsonElement>($"Task/{id}");
    }

    /// <summary>A YP-CORE response, every item at response position 2 and item 4 (the risk item) at <paramref name="item4Position"/> (1 = "Not at all", ordinal 0).</summary>
    private static string YpCoreResponse(int item4Position)
    {
        var items = Enumerable.Range(1, 10).Select(i =>
            "{\"linkId\":\"" + i + "\",\"answer\":[{\"valueCoding\":{\"system\":\"https://alliancefhir.org/fhir/CodeSystem/answer-scales\",\"code\":\"yp-core-" +
            (i == 4 ? item4Position : 2) + "\"}}]}");
        return $$"""{"resourceType":"QuestionnaireResponse","status":"completed","item":[{{string.Join(",", items)}}]}""";
    }

    [Fact]
    public async Task Form_WhenClientOpensAnAssignedQuestionnaireTwice_ThenTaskInProgressWrittenOnceAndStillListedUntilSubmitted()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        var task = await SeedPhq9TaskAsync(Client);
        await PortalLaunchAsync(app, browser, Client, "Patient", Client);
        Assert.Equal("ready", (await ReadTaskAsync(task)).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(app.Url($"/api/portal/questionnaires/{task}/form"))).StatusCode);
        var opened = await ReadTaskAsync(task);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(app.Url($"/api/portal/questionnaires/{task}/form"))).StatusCode);
        var openedAgain = await ReadTaskAsync(task);

        Assert.Equal("in-progress", opened.GetProperty("status").GetString());
        // Opening again writes nothing: the same version of the Task.
        Assert.Equal(opened.GetProperty("meta").GetProperty("versionId").GetString(), openedAgain.GetProperty("meta").GetProperty("versionId").GetString());
        var list = await (await browser.GetAsync(app.Url("/api/portal/questionnaires"))).Content.ReadFromJsonAsync<JsonElement>();
        var listed = Assert.Single(list.EnumerateArray(), a => a.GetProperty("taskId").GetString() == task);
        Assert.Equal("in-progress", listed.GetProperty("status").GetString());

        var csrf = (await (await browser.GetAsync(app.Url("/api/portal/context"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("csrfToken").GetString();
        var post = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, app.Url($"/api/portal/questionnaires/{task}/response"))
        {
            Content = new StringContent(Phq9Response(), Encoding.UTF8, "application/fhir+json"),
            Headers = { { "X-CSRF-TOKEN", csrf } },
        });
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("completed", (await ReadTaskAsync(task)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Submit_WhenYpCoreRiskItemAboveZero_ThenTheClientGetsTheSitesNextStepsAndTheCareTeamIsTold()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        var task = await SeedTaskAsync(Client, "https://alliancefhir.org/fhir/Questionnaire/yp-core|1.0.0");
        await PortalLaunchAsync(app, browser, Client, "Patient", Client);
        var csrf = (await (await browser.GetAsync(app.Url("/api/portal/context"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("csrfToken").GetString();

        // Item 4 "I've thought of hurting myself" at "Only occasionally" (1): docs/domain.md §2, YP-CORE risk item.
        var post = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, app.Url($"/api/portal/questionnaires/{task}/response"))
        {
            Content = new StringContent(YpCoreResponse(item4Position: 2), Encoding.UTF8, "application/fhir+json"),
            Headers = { { "X-CSRF-TOKEN", csrf } },
        });

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var saved = await post.Content.ReadFromJsonAsync<JsonElement>();
        var safety = saved.GetProperty("safety");
        Assert.Equal(JsonValueKind.Object, safety.ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(safety.GetProperty("message").GetString()));
        Assert.True(safety.GetProperty("careTeamTold").GetBoolean());
        Assert.True(saved.GetProperty("taskCompleted").GetBoolean());
    }

    [Fact]
    public async Task Submit_WhenYpCoreRiskItemNotAtAll_ThenNoNextSteps()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        var task = await SeedTaskAsync(Client, "https://alliancefhir.org/fhir/Questionnaire/yp-core|1.0.0");
        await PortalLaunchAsync(app, browser, Client, "Patient", Client);
        var csrf = (await (await browser.GetAsync(app.Url("/api/portal/context"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("csrfToken").GetString();

        var post = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, app.Url($"/api/portal/questionnaires/{task}/response"))
        {
            Content = new StringContent(YpCoreResponse(item4Position: 1), Encoding.UTF8, "application/fhir+json"),
            Headers = { { "X-CSRF-TOKEN", csrf } },
        });

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await post.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("safety").ValueKind);
    }

    [Fact]
    public async Task PatientLaunch_WhenFromPortal_ThenAsksForPatientScopesOnlyAndLandsOnTheClientsPage()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();

        var authorize = await PortalLaunchAsync(app, browser, Client, "Patient", Client);

        var scope = AppUnderTest.Query(authorize)["scope"].Split(' ');
        Assert.Contains("launch", scope);
        Assert.Contains("patient/Task.rus", scope);
        Assert.Contains("patient/QuestionnaireResponse.cs", scope);
        Assert.DoesNotContain(scope, s => s.StartsWith("user/", StringComparison.Ordinal) || s.StartsWith("system/", StringComparison.Ordinal));
        var context = await (await browser.GetAsync(app.Url("/api/portal/context"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Patient", context.GetProperty("userType").GetString());
        Assert.False(context.GetProperty("showScores").GetBoolean());
    }

    [Fact]
    public async Task PatientLaunch_WhenStandaloneAndClientSignsInAtTheEhr_ThenLaunchPatientScopeAndTheirOwnRecord()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        var start = await browser.GetAsync(app.Url($"/patient/launch?iss={Uri.EscapeDataString(ehr.FhirBaseUrl)}"));
        var authorize = browser.History[^1].Location!;
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Contains("launch/patient", AppUnderTest.Query(authorize)["scope"].Split(' '));

        var page = await browser.GetAsync(authorize);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"value=\"Patient/{Client}\"", html);
        var form = System.Text.RegularExpressions.Regex.Matches(html, "<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\"\\s*/?>")
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        form["sandbox_patient"] = "pat-0001"; // ignored: a patient signing in opens their own record
        form["sandbox_practitioner"] = $"Patient/{Client}";
        var post = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(authorize, "/connect/authorize")) { Content = new FormUrlEncodedContent(form) });
        Assert.True(TestBrowser.IsRedirect(post.StatusCode), await post.Content.ReadAsStringAsync());
        var done = await browser.GetAsync(browser.History[^1].Location!);
        Assert.Equal("/patient/", done.Headers.Location!.OriginalString);

        var context = await (await browser.GetAsync(app.Url("/api/portal/context"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Patient", context.GetProperty("userType").GetString());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(app.Url("/api/portal/questionnaires"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(app.Url("/api/patients/pat-0001/dashboard"))).StatusCode);
    }

    [Fact]
    public async Task ClinicianApi_WhenPortalSession_ThenRefusedAndPortalApiWhenClinicianSessionRefused()
    {
        await using var app = await ehr.StartAppAsync();
        using var client = new TestBrowser();
        using var clinician = new TestBrowser();
        await PortalLaunchAsync(app, client, Client, "Patient", Client);
        await app.EhrLaunchAsync(clinician, patient: Client);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(app.Url($"/api/patients/{Client}/dashboard"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(app.Url("/api/context"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.GetAsync(app.Url("/api/portal/questionnaires"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await clinician.GetAsync(app.Url($"/api/patients/{Client}/dashboard"))).StatusCode);
    }

    [Fact]
    public async Task Submit_WhenNoAntiforgeryToken_ThenRefusedAndTaskStillOpen()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        var task = await SeedPhq9TaskAsync(Client);
        await PortalLaunchAsync(app, browser, Client, "Patient", Client);

        var post = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, app.Url($"/api/portal/questionnaires/{task}/response"))
        {
            Content = new StringContent(Phq9Response(), Encoding.UTF8, "application/fhir+json"),
        });

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        var list = await (await browser.GetAsync(app.Url("/api/portal/questionnaires"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(list.EnumerateArray(), a => a.GetProperty("taskId").GetString() == task);
    }

    [Fact]
    public async Task Submit_WhenSiteShowsScores_ThenPlainLanguageScoreAndTaskCompletedOnce()
    {
        await using var app = await ehr.StartAppAsync(settings: new Dictionary<string, string?> { ["Smart:Portal:ShowScoresToClient"] = "true" });
        using var browser = new TestBrowser();
        var task = await SeedPhq9TaskAsync(Client);
        await PortalLaunchAsync(app, browser, Client, "Patient", Client);
        var csrf = (await (await browser.GetAsync(app.Url("/api/portal/context"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("csrfToken").GetString();

        HttpRequestMessage Post() => new(HttpMethod.Post, app.Url($"/api/portal/questionnaires/{task}/response"))
        {
            Content = new StringContent(Phq9Response(), Encoding.UTF8, "application/fhir+json"),
            Headers = { { "X-CSRF-TOKEN", csrf } },
        };
        var first = await browser.SendAsync(Post());
        var again = await browser.SendAsync(Post());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var saved = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(saved.GetProperty("taskCompleted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, saved.GetProperty("safety").ValueKind);
        var score = saved.GetProperty("scores")[0].GetProperty("text").GetString();
        Assert.Contains("score was 8 out of 27", score);
        Assert.Contains("\"mild\"", score);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode); // done: the Task is no longer waiting
        var scores = await (await browser.GetAsync(app.Url("/api/portal/scores"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(scores.EnumerateArray(), s => s.GetProperty("text").GetString()!.Contains("PHQ-9", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_WhenItem9AboveZero_ThenTheClientSeesNextStepsAndTheSafetyAlertIsInTheRecordAtOnce()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        var task = await SeedPhq9TaskAsync(Client);
        await PortalLaunchAsync(app, browser, Client, "Patient", Client);
        var flagsBefore = await FlagCountAsync(Client);

        using var post = await SubmitAsync(app, browser, task, Phq9Response(item9Code: NearlyEveryDay));

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var saved = await post.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(saved.GetProperty("taskCompleted").GetBoolean());
        var safety = saved.GetProperty("safety");
        Assert.Contains("Thank you for telling us", safety.GetProperty("message").GetString());
        Assert.True(safety.GetProperty("careTeamTold").GetBoolean());
        Assert.Equal(flagsBefore + 1, await FlagCountAsync(Client)); // written with the response, not by a later job
    }

    [Theory]
    [InlineData("answer not on the scale", "LA0000-0", "")] // parsed, then refused by scoring
    [InlineData("unknown element", "LA6569-3", "\"colour\":\"blue\",")] // refused by the FHIR parser: item 9 read from the JSON
    public async Task Submit_WhenRefusedWithItem9AboveZero_ThenNotSavedButTheClientStillSeesNextSteps(string kind, string item1Code, string extra)
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        var task = await SeedPhq9TaskAsync(Client);
        await PortalLaunchAsync(app, browser, Client, "Patient", Client);
        var flagsBefore = await FlagCountAsync(Client);

        using var post = await SubmitAsync(app, browser, task, Phq9Response(item9Code: NearlyEveryDay, item1Code: item1Code, extra: extra));

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        var body = await post.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("saved").GetBoolean(), kind);
        var safety = body.GetProperty("safety");
        Assert.Contains("Thank you for telling us", safety.GetProperty("message").GetString());
        Assert.False(safety.GetProperty("careTeamTold").GetBoolean()); // nothing saved, so no alert: the client is told to call
        Assert.Contains("contact your care team yourself", safety.GetProperty("notToldMessage").GetString());
        Assert.Equal(flagsBefore, await FlagCountAsync(Client));
        Assert.True(await StillOpenAsync(app, browser, task));
    }

    [Fact]
    public async Task Submit_WhenTheBodyIsNotJson_ThenBadRequestWithAnOperationOutcomeAndTheTaskStillOpen()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        var task = await SeedPhq9TaskAsync(Client);
        await PortalLaunchAsync(app, browser, Client, "Patient", Client);

        using var post = await SubmitAsync(app, browser, task, "this is not JSON {");

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        var outcome = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        Assert.Equal("error", outcome.GetProperty("issue")[0].GetProperty("severity").GetString());
        Assert.True(await StillOpenAsync(app, browser, task));
    }
}
