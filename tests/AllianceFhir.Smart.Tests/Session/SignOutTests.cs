using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AllianceFhir.Smart.Tests.Support;

namespace AllianceFhir.Smart.Tests.Session;

/// <summary>POST /signout: the server-side ticket and tokens are gone, the EHR revoked them (RFC 7009), and the page says how to come back.</summary>
[Collection(SmartSandboxCollection.Name)]
public class SignOutTests(SmartSandbox ehr)
{
    private const string SessionCookie = "__Host-alliancefhir-session";

    [Fact]
    public async Task SignOut_WhenSignedIn_ThenTheOldCookieGets401AndTheEhrNoLongerTakesTheTokens()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        using var other = new TestBrowser();
        var before = app.TokensIssued.Count;
        await app.EhrLaunchAsync(browser);
        var mine = app.TokensIssued.Skip(before).ToList();
        before = app.TokensIssued.Count;
        await app.EhrLaunchAsync(other);
        var others = app.TokensIssued.Skip(before).ToList();
        Assert.Equal(3, mine.Count); // access, refresh (online_access), id
        var cookie = browser.CookiesFor(app.App.BaseUrl)[SessionCookie];
        var csrf = (await app.ContextAsync(browser)).GetProperty("csrfToken").GetString()!;

        var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, app.Url("/signout"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = csrf }),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Signed out", page);
        Assert.Contains("launch the app again from the patient's chart", page);
        Assert.DoesNotContain(SessionCookie, browser.CookiesFor(app.App.BaseUrl).Keys);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(app.Url("/api/context"))).StatusCode);
        using var holderOfTheOldCookie = new TestBrowser();
        holderOfTheOldCookie.SetCookie(app.App.BaseUrl, SessionCookie, cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await holderOfTheOldCookie.GetAsync(app.Url("/api/context"))).StatusCode);

        // The sandbox's revocation endpoint saw the tokens: the refresh token is refused and the access token no longer reads.
        var refused = await RefreshAsync(app, mine[1]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("invalid_grant", refused.Body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, await ReadPatientAsync(mine[0]));
        // The other session, same client and the same client authentication, still works.
        Assert.Equal(HttpStatusCode.OK, await ReadPatientAsync(others[0]));
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(app, others[1])).Status);
        Assert.Equal(SmartSandbox.Patient, (await app.ContextAsync(other)).GetProperty("patient").GetString());
    }

    [Fact]
    public async Task SignOut_WhenTheAntiforgeryTokenIsMissing_Then400AndTheSessionStays()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        await app.EhrLaunchAsync(browser);
        await app.ContextAsync(browser); // the antiforgery cookie is set, as in the app shell

        var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, app.Url("/signout")) { Content = new FormUrlEncodedContent([]) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(SmartSandbox.Patient, (await app.ContextAsync(browser)).GetProperty("patient").GetString());
    }

    [Fact]
    public async Task SignOut_WhenStandaloneLaunch_ThenThePageLinksToSignInAgainAtTheSameEhr()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        await app.StandaloneLaunchAsync(browser, "pat-0003", "prac-north-2");
        var csrf = (await app.ContextAsync(browser)).GetProperty("csrfToken").GetString()!;

        var request = new HttpRequestMessage(HttpMethod.Post, app.Url("/signout"));
        request.Headers.Add("X-CSRF-TOKEN", csrf);
        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/launch?iss={Uri.EscapeDataString(ehr.FhirBaseUrl)}\"".Replace("&", "&amp;"), page);
        Assert.DoesNotContain("patient&#x27;s chart", page);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(app.Url("/api/context"))).StatusCode);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> RefreshAsync(AppUnderTest app, string refreshToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, ehr.Sandbox.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{app.ClientId}:{SmartSandbox.Secret}")));
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private async Task<HttpStatusCode> ReadPatientAsync(string accessToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{ehr.FhirBaseUrl}/Patient/{SmartSandbox.Patient}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
