using System.Net;
using AllianceFhir.Smart.Tests.Support;

namespace AllianceFhir.Smart.Tests.Session;

/// <summary>Every sign-in starts a new server-side session: a cookie from before a launch never reads the launch after it.</summary>
[Collection(SmartSandboxCollection.Name)]
public class SessionFixationTests(SmartSandbox ehr)
{
    private const string SessionCookie = "__Host-alliancefhir-session";

    [Fact]
    public async Task SignIn_WhenTheBrowserAlreadyHasASession_ThenTheOldCookieReadsNothingAndNeverTheNewPatient()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        await app.EhrLaunchAsync(browser, patient: SmartSandbox.Patient);
        var first = browser.CookiesFor(app.App.BaseUrl)[SessionCookie];

        // The same browser (same cookie jar, the first session still valid) launches for another patient.
        await app.EhrLaunchAsync(browser, patient: SmartSandbox.OtherPatient);
        var second = browser.CookiesFor(app.App.BaseUrl)[SessionCookie];

        Assert.NotEqual(first, second);
        Assert.Equal(SmartSandbox.OtherPatient, (await app.ContextAsync(browser)).GetProperty("patient").GetString());
        using var holderOfTheOldCookie = new TestBrowser();
        holderOfTheOldCookie.SetCookie(app.App.BaseUrl, SessionCookie, first);
        var old = await holderOfTheOldCookie.GetAsync(app.Url("/api/context"));
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.DoesNotContain(SmartSandbox.OtherPatient, await old.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await holderOfTheOldCookie.GetAsync(app.Url($"/api/patients/{SmartSandbox.OtherPatient}/dashboard"))).StatusCode);
    }
}
