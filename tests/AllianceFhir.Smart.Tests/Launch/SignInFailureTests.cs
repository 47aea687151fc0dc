using System.Net;
using AllianceFhir.Smart.Tests.Support;

namespace AllianceFhir.Smart.Tests.Launch;

/// <summary>
/// A failed sign-in shows what the EHR answered (its error, and its description made safe), with advice for the kind of
/// launch, and the scopes asked for when the EHR refused them.
/// </summary>
[Collection(SmartSandboxCollection.Name)]
public class SignInFailureTests(SmartSandbox ehr)
{
    [Fact]
    public async Task Callback_WhenEhrAnswersAnError_ThenThePageShowsTheErrorAndASafeDescription()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        var launch = await ehr.Sandbox.CreateLaunchAsync(SmartSandbox.Patient, SmartSandbox.Practitioner);
        var state = AppUnderTest.Query(await app.StartLaunchAsync(browser, launch))["state"];
        // What a hostile or careless EHR might put in error_description: markup, a bell, a bidi override, and a lot of it.
        var description = "<script>alert(1)</script>\u0007 The\u202E user\r\ndeclined " + new string('x', 1000);

        var response = await browser.GetAsync(app.Url($"/signin-smart?error=access_denied&error_description={Uri.EscapeDataString(description)}&state={Uri.EscapeDataString(state)}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("\u0007", html);
        Assert.DoesNotContain("\u202E", html);
        Assert.DoesNotContain(new string('x', 400), html);
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("The EHR answered \"access_denied\": <script>alert(1)</script> The user declined xxx", text);
        Assert.Contains("Access was declined at the EHR", text);
        Assert.Contains("Open the app again from the patient's chart in your EHR", text);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(app.Url("/api/context"))).StatusCode);
    }

    [Fact]
    public async Task Callback_WhenStandaloneLaunchFails_ThenStandaloneAdviceAndALinkToSignInAgain()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        var state = AppUnderTest.Query(await app.StartLaunchAsync(browser, launch: null))["state"];

        var response = await browser.GetAsync(app.Url($"/signin-smart?error=server_error&state={Uri.EscapeDataString(state)}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("The EHR answered \"server_error\".", text);
        Assert.Contains("Start the sign-in again", text);
        Assert.DoesNotContain("patient's chart", text);
        Assert.Contains($"href=\"/launch?iss={Uri.EscapeDataString(ehr.FhirBaseUrl)}\"", html);
    }

    [Fact]
    public async Task Launch_WhenTheEhrRefusesAConfiguredScope_ThenThePageSaysInvalidScopeAndListsTheScopesAskedFor()
    {
        var settings = new Dictionary<string, string?> { ["Smart:Ehrs:0:Scopes:0"] = "launch openid fhirUser patient/Observation.rs patient/Nonsense.zz" };
        await using var app = await ehr.StartAppAsync(settings: settings);
        using var browser = new TestBrowser();
        var launch = await ehr.Sandbox.CreateLaunchAsync(SmartSandbox.Patient, SmartSandbox.Practitioner);
        var authorize = await app.StartLaunchAsync(browser, launch);
        Assert.Equal("launch openid fhirUser patient/Observation.rs patient/Nonsense.zz", AppUnderTest.Query(authorize)["scope"]);

        // The real sandbox refuses the unknown scope and sends the browser back with error=invalid_scope.
        var callback = await AppUnderTest.AuthorizeAsync(browser, authorize);
        Assert.Equal("invalid_scope", AppUnderTest.Query(callback)["error"]);
        var response = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("The EHR answered \"invalid_scope\": The scope patient/Nonsense.zz is not a SMART scope this EHR knows.", text);
        Assert.Contains("Smart:Ehrs:N:Scopes", text);
        foreach (var scope in new[] { "launch", "openid", "fhirUser", "patient/Observation.rs", "patient/Nonsense.zz" })
            Assert.Contains($"<li><code>{scope}</code></li>", html);
    }

    [Fact]
    public async Task Callback_WhenTheEhrRefusesTheCode_ThenThePageShowsTheTokenEndpointsError()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        var launch = await ehr.Sandbox.CreateLaunchAsync(SmartSandbox.Patient, SmartSandbox.Practitioner);
        var callback = await AppUnderTest.AuthorizeAsync(browser, await app.StartLaunchAsync(browser, launch));
        var q = AppUnderTest.Query(callback);

        // The state is genuine (this browser's), but the code is not one the EHR issued.
        var response = await browser.GetAsync(app.Url($"/signin-smart?code=not-a-real-code&state={Uri.EscapeDataString(q["state"])}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("The EHR answered \"invalid_grant\"", text);
        Assert.Contains("Open the app again from the patient's chart in your EHR", text);
    }
}
