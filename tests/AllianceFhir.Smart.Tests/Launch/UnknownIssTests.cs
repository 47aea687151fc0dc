using System.Net;
using AllianceFhir.Smart.Tests.Support;

namespace AllianceFhir.Smart.Tests.Launch;

/// <summary>An iss not on the allow-list gets a plain-language 400 page and the app never contacts it.</summary>
public class UnknownIssTests
{
    [Fact]
    public async Task Launch_WhenIssNotAllowed_Then400PageAndNoRequestToIt()
    {
        await using var stranger = await HitCountingServer.StartAsync();
        await using var allowed = await HitCountingServer.StartAsync();
        await using var app = await RunningSmartApp.StartAsync(new Dictionary<string, string?>
        {
            ["Smart:Ehrs:0:Iss"] = allowed.BaseUrl + "fhir",
            ["Smart:Ehrs:0:ClientId"] = "alliancefhir-smart",
            ["Smart:Ehrs:0:ClientSecret"] = "x",
        });
        using var browser = new TestBrowser();
        var strangerIss = stranger.BaseUrl + "fhir";

        var response = await browser.GetAsync(new Uri(app.BaseUrl, $"/launch?iss={Uri.EscapeDataString(strangerIss)}&launch=abc"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("not on the list of EHRs", page);
        Assert.Contains("did not contact it", page);
        Assert.Null(response.Headers.Location);
        Assert.Equal(0, stranger.Hits);
        Assert.Equal(0, allowed.Hits);
    }

    [Fact]
    public async Task Launch_WhenIssCarriesMarkup_ThenThePageShowsItAsTextUnderTheAppsCsp()
    {
        await using var app = await RunningSmartApp.StartAsync(new Dictionary<string, string?>
        {
            ["Smart:Ehrs:0:Iss"] = "http://127.0.0.1:9/fhir",
            ["Smart:Ehrs:0:ClientId"] = "c",
            ["Smart:Ehrs:0:ClientSecret"] = "x",
        });
        using var browser = new TestBrowser();
        const string hostile = "https://ehr.example/\"><script>alert(1)</script><img src=x onerror=alert(2)>";

        var response = await browser.GetAsync(new Uri(app.BaseUrl, $"/launch?iss={Uri.EscapeDataString(hostile)}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains($"The app was opened from {hostile}, which is not on the list of EHRs", WebUtility.HtmlDecode(html));
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Launch_WhenIssMissing_Then400Page()
    {
        await using var app = await RunningSmartApp.StartAsync(new Dictionary<string, string?>
        {
            ["Smart:Ehrs:0:Iss"] = "http://127.0.0.1:9/fhir",
            ["Smart:Ehrs:0:ClientId"] = "c",
            ["Smart:Ehrs:0:ClientSecret"] = "x",
        });
        using var browser = new TestBrowser();
        var response = await browser.GetAsync(new Uri(app.BaseUrl, "/launch?launch=abc"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("without saying which EHR", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Launch_WhenIssIsAPrefixOfAnAllowedOne_ThenRefused()
    {
        await using var allowed = await HitCountingServer.StartAsync();
        await using var app = await RunningSmartApp.StartAsync(new Dictionary<string, string?>
        {
            ["Smart:Ehrs:0:Iss"] = allowed.BaseUrl + "fhir/tenant-a",
            ["Smart:Ehrs:0:ClientId"] = "c",
            ["Smart:Ehrs:0:ClientSecret"] = "x",
        });
        using var browser = new TestBrowser();
        var response = await browser.GetAsync(new Uri(app.BaseUrl, $"/launch?iss={Uri.EscapeDataString(allowed.BaseUrl + "fhir")}&launch=abc"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, allowed.Hits);
    }
}
