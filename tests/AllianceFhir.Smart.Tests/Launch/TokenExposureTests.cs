using AllianceFhir.Smart.Tests.Support;

namespace AllianceFhir.Smart.Tests.Launch;

/// <summary>No access, refresh or id token ever reaches the browser: not in a body, header, cookie or redirect URL.</summary>
[Collection(SmartSandboxCollection.Name)]
public class TokenExposureTests(SmartSandbox ehr)
{
    [Fact]
    public async Task WholeFlow_WhenLaunchedUsedAndRefreshed_ThenNoTokenInAnythingTheBrowserSaw()
    {
        await using var app = await ehr.StartAppAsync(accessTokenLifetime: TimeSpan.FromSeconds(2),
            settings: new Dictionary<string, string?> { ["Smart:RefreshMargin"] = "00:00:01" }, map: Probe.Map);
        using var browser = new TestBrowser();

        await app.EhrLaunchAsync(browser, encounter: "enc-1");
        await app.ContextAsync(browser);
        await browser.GetAsync(app.Url("/"));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await browser.GetAsync(app.Url($"/api/patients/{SmartSandbox.Patient}/probe")); // refreshes
        await browser.GetAsync(app.Url($"/api/patients/{SmartSandbox.OtherPatient}/probe"));
        await browser.GetAsync(app.Url("/signin-smart?code=x&state=y"));

        var tokens = app.TokensIssued;
        Assert.Equal(3, tokens.Count); // access, refresh and id token from the code exchange
        Assert.Contains(ehr.Sandbox.TokenRequests, r => r.GrantType == "refresh_token" && r.Error is null);
        var appOrigin = app.App.BaseUrl.GetLeftPart(UriPartial.Authority);
        var seen = browser.History.Where(h => h.Url.GetLeftPart(UriPartial.Authority) == appOrigin).ToList();
        Assert.True(seen.Count >= 7);
        foreach (var token in tokens)
        {
            // A JWT's signature part is unique to it; search for it and for the whole token.
            var pieces = new[] { token, token.Split('.')[^1] }.Where(p => p.Length >= 20);
            foreach (var piece in pieces)
            foreach (var h in seen)
            {
                Assert.DoesNotContain(piece, h.Url.OriginalString);
                Assert.DoesNotContain(piece, h.Location?.OriginalString ?? "");
                Assert.DoesNotContain(piece, h.Headers);
                Assert.DoesNotContain(piece, h.Body);
            }
        }
        Assert.All(browser.SetCookieLines, line => Assert.All(tokens, t => Assert.DoesNotContain(t.Split('.')[^1], line)));
        // The session cookie is a short key, not a serialised ticket.
        var session = browser.CookiesFor(app.App.BaseUrl)["__Host-alliancefhir-session"];
        Assert.True(session.Length < 600, $"session cookie is {session.Length} characters");
    }
}
