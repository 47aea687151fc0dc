using System.Net;
using AllianceFhir.Smart.Launch;
using AllianceFhir.Smart.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Smart.Tests.Launch;

/// <summary>
/// The OAuth state: at least 128 random bits bound to the browser by the correlation cookie; a callback with a missing,
/// altered, foreign or replayed state is refused with a plain page, before any code reaches the EHR.
/// </summary>
[Collection(SmartSandboxCollection.Name)]
public class StateTests(SmartSandbox ehr)
{
    [Fact]
    public async Task State_WhenLaunchStarts_ThenCarriesA256BitCorrelationIdBoundToTheBrowsersCookie()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        var launch = await ehr.Sandbox.CreateLaunchAsync(SmartSandbox.Patient, SmartSandbox.Practitioner);

        var first = AppUnderTest.Query(await app.StartLaunchAsync(browser, launch))["state"];
        var second = AppUnderTest.Query(await app.StartLaunchAsync(browser, launch))["state"];

        var format = app.App.App.Services.GetRequiredService<IOptionsMonitor<SmartAuthenticationOptions>>().Get(SmartAuthenticationDefaults.Scheme).StateDataFormat;
        var ids = new[] { first, second }.Select(s => format.Unprotect(s)!.Items[".xsrf"]!).ToList();
        Assert.All(ids, id => Assert.Equal(32, WebEncoders.Base64UrlDecode(id).Length)); // 256 bits from the CSPRNG
        Assert.NotEqual(ids[0], ids[1]);
        var cookies = browser.CookiesFor(app.App.BaseUrl).Keys.ToList();
        Assert.All(ids, id => Assert.Contains("__Host-smart-correlation." + id, cookies));
    }

    [Fact]
    public async Task Callback_WhenStateMissing_ThenRefusedWithoutSession()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        var before = ehr.Sandbox.TokenRequests.Count;

        var response = await browser.GetAsync(app.Url("/signin-smart?code=anything"));

        await AssertRefusedAsync(app, browser, response);
        Assert.Equal(before, ehr.Sandbox.TokenRequests.Count);
    }

    [Fact]
    public async Task Callback_WhenStateAltered_ThenRefusedWithoutTokenRequest()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        var launch = await ehr.Sandbox.CreateLaunchAsync(SmartSandbox.Patient, SmartSandbox.Practitioner);
        var callback = await AppUnderTest.AuthorizeAsync(browser, await app.StartLaunchAsync(browser, launch));
        var q = AppUnderTest.Query(callback);
        var state = q["state"];
        var altered = state[..^6] + (state[^6] == 'A' ? 'B' : 'A') + state[^5..];
        var before = ehr.Sandbox.TokenRequests.Count;

        var response = await browser.GetAsync(app.Url($"/signin-smart?code={Uri.EscapeDataString(q["code"])}&state={Uri.EscapeDataString(altered)}"));

        await AssertRefusedAsync(app, browser, response);
        Assert.Equal(before, ehr.Sandbox.TokenRequests.Count);
    }

    [Fact]
    public async Task Callback_WhenFromAnotherBrowser_ThenRefusedWithoutTokenRequest()
    {
        await using var app = await ehr.StartAppAsync();
        using var victim = new TestBrowser();
        using var attacker = new TestBrowser();
        var launch = await ehr.Sandbox.CreateLaunchAsync(SmartSandbox.Patient, SmartSandbox.Practitioner);
        var callback = await AppUnderTest.AuthorizeAsync(victim, await app.StartLaunchAsync(victim, launch));
        var before = ehr.Sandbox.TokenRequests.Count;

        var response = await attacker.GetAsync(callback);

        await AssertRefusedAsync(app, attacker, response);
        Assert.Equal(before, ehr.Sandbox.TokenRequests.Count);
    }

    [Fact]
    public async Task Callback_WhenReplayedWithItsOwnCorrelationCookie_ThenRefusedWithoutTokenRequest()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        var launch = await ehr.Sandbox.CreateLaunchAsync(SmartSandbox.Patient, SmartSandbox.Practitioner);
        var callback = await AppUnderTest.AuthorizeAsync(browser, await app.StartLaunchAsync(browser, launch));
        var correlation = browser.CookiesFor(app.App.BaseUrl).Single(c => c.Key.StartsWith("__Host-smart-correlation.", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(callback)).StatusCode); // the real sign-in
        var before = ehr.Sandbox.TokenRequests.Count;

        using var replayer = new TestBrowser();
        replayer.SetCookie(app.App.BaseUrl, correlation.Key, correlation.Value);
        var response = await replayer.GetAsync(callback);

        await AssertRefusedAsync(app, replayer, response);
        Assert.Equal(before, ehr.Sandbox.TokenRequests.Count);
    }

    private static async Task AssertRefusedAsync(AppUnderTest app, TestBrowser browser, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Open the app again from the patient's chart", System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.DoesNotContain("__Host-alliancefhir-session", browser.CookiesFor(app.App.BaseUrl).Keys);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(app.Url("/api/context"))).StatusCode);
    }
}
