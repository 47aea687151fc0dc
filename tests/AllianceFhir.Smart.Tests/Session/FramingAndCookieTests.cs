using System.Net;
using AllianceFhir.Smart.Tests.Support;

namespace AllianceFhir.Smart.Tests.Session;

/// <summary>The app runs inside the EHR's iframe: CSP frame-ancestors names the EHR, cookies are SameSite=None; Secure; Partitioned.</summary>
[Collection(SmartSandboxCollection.Name)]
public class FramingAndCookieTests(SmartSandbox ehr)
{
    [Fact]
    public async Task FramedUse_WhenLaunched_ThenCspAllowsTheEhrAndEveryCookieSurvivesTheIframe()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        await app.EhrLaunchAsync(browser);
        await app.ContextAsync(browser); // sets the antiforgery cookie

        var shell = await browser.GetAsync(app.Url("/"));
        Assert.Equal(HttpStatusCode.OK, shell.StatusCode);
        var csp = string.Join(" ", shell.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"frame-ancestors 'self' {ehr.BaseUrl}", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains($"connect-src 'self' {ehr.BaseUrl};", csp); // the shell may fetch the EHR's smart_style_url
        // No inline script ever; inline styles are allowed only because LHC-Forms (Angular) injects its component styles.
        var scriptSrc = csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe", scriptSrc);
        Assert.False(shell.Headers.Contains("X-Frame-Options"));
        Assert.Equal("nosniff", shell.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", shell.Headers.GetValues("Referrer-Policy").Single());

        var appCookies = browser.SetCookieLines.Where(l => l.StartsWith("__Host-", StringComparison.Ordinal)).ToList();
        foreach (var name in new[] { "__Host-smart-correlation.", "__Host-alliancefhir-session=", "__Host-alliancefhir-csrf=" })
            Assert.Contains(appCookies, l => l.StartsWith(name, StringComparison.Ordinal));
        Assert.All(browser.SetCookieLines.Where(l => !l.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)), line =>
        {
            var attributes = line.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
            Assert.StartsWith("__Host-", line);
            Assert.Contains("samesite=none", attributes);
            Assert.Contains("secure", attributes);
            Assert.Contains("httponly", attributes);
            Assert.Contains("path=/", attributes);
            Assert.Contains("partitioned", attributes); // CHIPS: kept inside the EHR's iframe when third-party cookies are blocked
            Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task Api_WhenPostWithoutAntiforgeryHeader_ThenRefused()
    {
        await using var app = await ehr.StartAppAsync(map: Probe.Map);
        using var browser = new TestBrowser();
        await app.EhrLaunchAsync(browser);
        var csrf = (await app.ContextAsync(browser)).GetProperty("csrfToken").GetString()!;
        var url = app.Url($"/api/patients/{SmartSandbox.Patient}/probe");

        var without = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, url));
        var wrong = new HttpRequestMessage(HttpMethod.Post, url);
        wrong.Headers.Add("X-CSRF-TOKEN", csrf[..^4] + "AAAA");
        var withWrong = await browser.SendAsync(wrong);
        var right = new HttpRequestMessage(HttpMethod.Post, url);
        right.Headers.Add("X-CSRF-TOKEN", csrf);
        var withRight = await browser.SendAsync(right);

        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withWrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withRight.StatusCode);
        Assert.Contains("\"posted\":true", await withRight.Content.ReadAsStringAsync());
    }
}
