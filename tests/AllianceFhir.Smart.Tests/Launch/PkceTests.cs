using System.Net;
using AllianceFhir.Smart.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace AllianceFhir.Smart.Tests.Launch;

[Collection(SmartSandboxCollection.Name)]
public class PkceTests(SmartSandbox ehr)
{
    [Fact]
    public async Task Authorize_WhenRequestLacksPkce_ThenTheSandboxIssuesNoCode()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        var launch = await ehr.Sandbox.CreateLaunchAsync(SmartSandbox.Patient, SmartSandbox.Practitioner);
        var authorize = await app.StartLaunchAsync(browser, launch);
        var q = AppUnderTest.Query(authorize);
        Assert.Equal("S256", q["code_challenge_method"]);
        q.Remove("code_challenge");
        q.Remove("code_challenge_method");
        var withoutPkce = new Uri(QueryHelpers.AddQueryString(authorize.GetLeftPart(UriPartial.Path), q!));

        var response = await browser.GetAsync(withoutPkce);

        // The EHR refuses on its own page: no redirect back, so no code exists for the app to exchange.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(browser.History[^1].Location);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("invalid_request", body);
        Assert.Contains("code_challenge", body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(app.Url("/api/context"))).StatusCode);
    }
}
