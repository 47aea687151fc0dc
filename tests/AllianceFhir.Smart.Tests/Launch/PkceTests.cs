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

        var location = browser.History[^1].Location;
        if (location is not null && location.AbsoluteUri.StartsWith(app.App.RedirectUri, StringComparison.Ordinal))
        {
            var answer = AppUnderTest.Query(location);
            Assert.False(answer.ContainsKey("code"));
            Assert.Equal("invalid_request", answer["error"]);
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }
}
