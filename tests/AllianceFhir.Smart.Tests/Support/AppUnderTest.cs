using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace AllianceFhir.Smart.Tests.Support;

/// <summary>The app started against the sandbox, and the browser steps of a launch.</summary>
public sealed partial class AppUnderTest(SmartSandbox ehr, RunningSmartApp app, string clientId, List<string> tokensIssued) : IAsyncDisposable
{
    public RunningSmartApp App => app;

    public string ClientId => clientId;

    /// <summary>Every access, refresh and id token the EHR issued to the app so far (captured server side).</summary>
    public IReadOnlyList<string> TokensIssued { get { lock (tokensIssued) return tokensIssued.ToList(); } }

    public Uri Url(string pathAndQuery) => new(app.BaseUrl, pathAndQuery);

    public Uri LaunchUrl(string? launch) =>
        Url($"/launch?iss={Uri.EscapeDataString(ehr.FhirBaseUrl)}" + (launch is null ? "" : $"&launch={Uri.EscapeDataString(launch)}"));

    /// <summary>/launch → the authorize URL the app redirects to (not followed).</summary>
    public async Task<Uri> StartLaunchAsync(TestBrowser browser, string? launch)
    {
        var response = await browser.GetAsync(LaunchUrl(launch));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser.History[^1].Location!;
    }

    /// <summary>authorize → the callback URL the EHR redirects to (not followed).</summary>
    public static async Task<Uri> AuthorizeAsync(TestBrowser browser, Uri authorize)
    {
        var response = await browser.GetAsync(authorize);
        Assert.True(TestBrowser.IsRedirect(response.StatusCode), $"authorize answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return browser.History[^1].Location!;
    }

    /// <summary>A whole EHR launch: launch → authorize → callback → redirect to the app shell.</summary>
    public async Task<(Uri Authorize, Uri Callback)> EhrLaunchAsync(TestBrowser browser, string? encounter = null, IEnumerable<string>? withheld = null, string patient = SmartSandbox.Patient)
    {
        var launch = await ehr.Sandbox.CreateLaunchAsync(patient, SmartSandbox.Practitioner, encounter, withheld);
        var authorize = await StartLaunchAsync(browser, launch);
        var callback = await AuthorizeAsync(browser, authorize);
        var done = await browser.GetAsync(callback);
        Assert.True(done.StatusCode == HttpStatusCode.Redirect,
            $"callback answered {(int)done.StatusCode}; the sandbox's last token request: {ehr.Sandbox.TokenRequests.LastOrDefault()}");
        Assert.Equal("/", done.Headers.Location!.OriginalString);
        return (authorize, callback);
    }

    /// <summary>A standalone launch: the sandbox's sign-in page, where the user picks themself and a patient.</summary>
    public async Task StandaloneLaunchAsync(TestBrowser browser, string patient, string practitioner)
    {
        var authorize = await StartLaunchAsync(browser, launch: null);
        var page = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var form = HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        Assert.Contains("sandbox_patient", html);
        form["sandbox_patient"] = patient;
        form["sandbox_practitioner"] = practitioner;
        var post = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(authorize, "/connect/authorize")) { Content = new FormUrlEncodedContent(form) });
        Assert.True(TestBrowser.IsRedirect(post.StatusCode), $"authorize POST answered {(int)post.StatusCode}: {await post.Content.ReadAsStringAsync()}");
        var done = await browser.GetAsync(browser.History[^1].Location!);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
    }

    public async Task<JsonElement> ContextAsync(TestBrowser browser)
    {
        var response = await browser.GetAsync(Url("/api/context"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }

    public static Dictionary<string, string> Query(Uri url) =>
        QueryHelpers.ParseQuery(url.Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\"\\s*/?>")]
    private static partial Regex HiddenInput();
}
