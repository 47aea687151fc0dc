using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AllianceFhir.FhirServer;
using AllianceFhir.Service.Hosting;
using AllianceFhir.Service.Nightly;
using AllianceFhir.Service.Tests.Nightly;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.Service.Web;
using AllianceFhir.Testing.FhirServer;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Service.Tests.Web;

/// <summary>
/// The `serve` host's HTTP surface, on a real Kestrel port, in the Production environment: what is open, what needs
/// the operator, and the dashboard's refusal of forged (cross-site, token-less) commands.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class ServiceWebTests(FhirServerFixture fhir) : IAsyncLifetime, IClassFixture<FhirServerFixture>
{
    private readonly TempFolder _state = new();
    private readonly List<WebApplication> _apps = [];
    private readonly FhirServerProcess _ehr = fhir.Server;
    private string _baseUrl = "";
    private OperatorBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        (_baseUrl, _) = await StartAsync(new Dictionary<string, string?>());
        _browser = new OperatorBrowser(_baseUrl);
    }

    /// <summary>A host as `serve` makes it (recurring jobs registered at start); the safety sweep's cron yearly so it never fires mid-test.</summary>
    private async Task<(string BaseUrl, WebApplication App)> StartAsync(Dictionary<string, string?> extra)
    {
        var port = FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["environment"] = "Production",
            ["State:ConnectionString"] = $"Data Source={_state.Combine($"state-{port}.db")}",
            ["Source:FhirServer"] = _ehr.BaseUrl,
            ["Ehr:Authentication"] = "SmartBackendServices",
            ["Ehr:SmartBackendServices:ClientId"] = "alliancefhir-service",
            ["Ehr:SmartBackendServices:TokenUrl"] = _ehr.BaseUrl + "/token",
            ["Ehr:SmartBackendServices:GenerateDevelopmentKey"] = "true",
            ["Admin:User"] = OperatorBrowser.User,
            ["Admin:Password"] = OperatorBrowser.Password,
            ["Jobs:SafetySweepCron"] = "0 0 1 1 *",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in extra) settings[k] = v;
        var app = ServiceHost.BuildWeb(settings);
        _apps.Add(app);
        app.MapServiceWeb();
        ServiceServiceCollectionExtensions.ScheduleRecurringJobs(app.Services);
        await app.StartAsync();
        return ($"http://127.0.0.1:{port}", app);
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        foreach (var app in _apps) await app.DisposeAsync();
        _state.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private RecurringJobDto SafetySweep()
    {
        using var connection = _apps[0].Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs([SafetySweepJob.JobId]).Single();
    }

    [Fact]
    public async Task Dashboard_WhenAnonymous_ThenRedirectedToTheSignInForm()
    {
        var response = await _browser.Http.GetAsync("hangfire");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/operator/sign-in", response.Headers.Location!.AbsolutePath);
        Assert.Contains("returnUrl=%2Fhangfire", response.Headers.Location.Query);
    }

    [Theory]
    [InlineData("api/quarantine")]
    [InlineData("api/reports/2026-10")]
    public async Task Api_WhenAnonymousOrBasicWhichIsOffByDefault_Then401(string path)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _browser.Http.GetAsync(path)).StatusCode);
        using var basic = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = Basic(OperatorBrowser.User, OperatorBrowser.Password) } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await _browser.Http.SendAsync(basic)).StatusCode);
    }

    [Fact]
    public async Task Dashboard_WhenOnlyBasicCredentialsAreSent_ThenNotServed()
    {
        using var basic = new HttpRequestMessage(HttpMethod.Get, "hangfire") { Headers = { Authorization = Basic(OperatorBrowser.User, OperatorBrowser.Password) } };

        var response = await _browser.Http.SendAsync(basic);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/operator/sign-in", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task SignIn_WhenThePasswordIsWrong_Then401AndNoOperatorCookie()
    {
        var response = await _browser.SignInAsync(password: "guess");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Wrong user name or password", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(_browser.Cookies.GetAllCookies(), c => c.Name == "AllianceFhir.Operator");
        Assert.Equal(HttpStatusCode.Redirect, (await _browser.Http.GetAsync("hangfire")).StatusCode);
    }

    [Fact]
    public async Task SignIn_WhenTheFormComesWithoutItsAntiforgeryField_ThenRefused()
    {
        var response = await _browser.Http.PostAsync("operator/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user"] = OperatorBrowser.User,
            ["password"] = OperatorBrowser.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(_browser.Cookies.GetAllCookies(), c => c.Name == "AllianceFhir.Operator");
    }

    [Fact]
    public async Task SignIn_WhenTheCredentialIsRight_ThenAnHttpOnlySameSiteStrictCookieOpensTheDashboardAndApi()
    {
        var response = await _browser.SignInAsync();

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/hangfire", response.Headers.Location!.OriginalString);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("AllianceFhir.Operator=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await _browser.Http.GetAsync("hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _browser.Http.GetAsync("api/quarantine")).StatusCode);
    }

    [Fact]
    public async Task SignOut_WhenPostedFromTheSignInPageWithItsToken_ThenTheCookieNoLongerOpensTheDashboard()
    {
        await _browser.SignInAsync();
        var page = await _browser.Http.GetStringAsync("operator/sign-in");
        Assert.Contains("Signed in as operator", page);
        var token = System.Text.RegularExpressions.Regex.Match(page, "action=\"/operator/sign-out\"><input type=\"hidden\" name=\"(?<n>[^\"]+)\" value=\"(?<v>[^\"]+)\"");

        var forged = await _browser.Http.PostAsync("operator/sign-out", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _browser.Http.GetAsync("hangfire")).StatusCode);

        var signedOut = await _browser.Http.PostAsync("operator/sign-out", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups["n"].Value] = System.Net.WebUtility.HtmlDecode(token.Groups["v"].Value),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await _browser.Http.GetAsync("hangfire")).StatusCode);
    }

    [Theory]
    [InlineData("//attacker.example/phish")]
    [InlineData("/\\attacker.example")]
    [InlineData("https://attacker.example/")]
    public async Task SignIn_WhenTheReturnUrlLeavesTheService_ThenGoesToTheDashboardInstead(string returnUrl)
    {
        var response = await _browser.SignInAsync(returnUrl: returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/hangfire", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignInPage_WhenTheReturnUrlCarriesMarkup_ThenTheFormCarriesItAsTextWithItsAntiforgeryField()
    {
        const string hostile = "/hangfire\"><script>alert(1)</script><img src=x onerror=alert(2)>";

        var response = await _browser.Http.GetAsync($"operator/sign-in?returnUrl={Uri.EscapeDataString(hostile)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OperatorPageHeaders.SignInPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        var returnUrl = System.Text.RegularExpressions.Regex.Match(html, "<input type=\"hidden\" name=\"returnUrl\" value=\"(?<v>[^\"]*)\"\\s*/?>");
        Assert.Equal(hostile, System.Net.WebUtility.HtmlDecode(returnUrl.Groups["v"].Value));
        Assert.Matches("<input type=\"hidden\" name=\"__RequestVerificationToken[^\"]*\" value=\"[^\"]+\"\\s*/?>", html);
    }

    [Theory]
    [InlineData("hangfire/recurring/remove")]
    [InlineData("hangfire/recurring/trigger")]
    public async Task Dashboard_WhenACrossSitePostWithTheOperatorsCookieHasNoAntiforgeryToken_ThenRefusedAndTheSafetySweepStays(string command)
    {
        await _browser.SignInAsync();
        await _browser.Http.GetAsync("hangfire/recurring"); // the operator has the dashboard open: its antiforgery cookie is set

        var response = await _browser.DashboardCommandAsync(command, SafetySweepJob.JobId, token: null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var sweep = SafetySweep();
        Assert.False(sweep.Removed, "the safety sweep must survive a forged remove");
        Assert.Null(sweep.LastJobId); // and was not triggered
    }

    [Fact]
    public async Task Dashboard_WhenACrossSitePostDeletesAScheduledJobWithoutToken_ThenRefusedAndTheJobStaysScheduled()
    {
        var id = _apps[0].Services.GetRequiredService<IBackgroundJobClient>().Schedule<SafetySweepJob>(j => j.RunAsync(CancellationToken.None), TimeSpan.FromHours(1));
        await _browser.SignInAsync();

        var response = await _browser.DashboardCommandAsync("hangfire/jobs/scheduled/delete", id, token: null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var connection = _apps[0].Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Equal("Scheduled", connection.GetStateData(id).Name);
    }

    [Fact]
    public async Task Dashboard_WhenTheOperatorTriggersWithThePagesToken_ThenTheSweepIsEnqueued()
    {
        await _browser.SignInAsync();
        var token = await _browser.DashboardTokenAsync();

        var response = await _browser.DashboardCommandAsync("hangfire/recurring/trigger", SafetySweepJob.JobId, token);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.NotNull(SafetySweep().LastJobId);
    }

    [Fact]
    public async Task Ready_WhenTheOperatorRemovesTheSafetySweep_ThenUnhealthyNamingIt()
    {
        Assert.Equal(HttpStatusCode.OK, (await _browser.Http.GetAsync("health/ready")).StatusCode);
        await _browser.SignInAsync();
        var token = await _browser.DashboardTokenAsync();

        var removed = await _browser.DashboardCommandAsync("hangfire/recurring/remove", SafetySweepJob.JobId, token);

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.True(SafetySweep().Removed);
        var ready = await _browser.Http.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        var check = await _apps[0].Services.GetRequiredService<SafetySweepHealthCheck>().CheckHealthAsync(new());
        Assert.Contains("'safety-sweep' is missing", check.Description);
    }

    [Theory]
    [InlineData("operator/sign-in", OperatorPageHeaders.SignInPolicy, false)]
    [InlineData("hangfire", OperatorPageHeaders.DashboardPolicy, true)]
    [InlineData("hangfire/recurring", OperatorPageHeaders.DashboardPolicy, true)]
    public async Task OperatorPages_WhenServed_ThenCspNoFramingNosniffAndNoReferrer(string path, string policy, bool signedIn)
    {
        if (signedIn) await _browser.SignInAsync();

        var response = await _browser.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(policy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("script-src 'unsafe-inline'", policy);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Api_WhenBasicIsAllowedForApiClients_ThenApiServedButTheDashboardStillNeedsTheSignIn()
    {
        var (baseUrl, _) = await StartAsync(new() { ["Admin:AllowBasicForApi"] = "true" });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl + "/") };

        using var api = new HttpRequestMessage(HttpMethod.Get, "api/quarantine") { Headers = { Authorization = Basic(OperatorBrowser.User, OperatorBrowser.Password) } };
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "api/quarantine") { Headers = { Authorization = Basic(OperatorBrowser.User, "guess") } };
        using var dashboard = new HttpRequestMessage(HttpMethod.Get, "hangfire") { Headers = { Authorization = Basic(OperatorBrowser.User, OperatorBrowser.Password) } };

        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(api)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SendAsync(dashboard)).StatusCode);
    }

    [Fact]
    public async Task Health_WhenStateDatabaseAnswersAndTheSweepIsRegistered_ThenLiveAndReadyWithoutCredentials()
    {
        Assert.Equal(HttpStatusCode.OK, (await _browser.Http.GetAsync("health/live")).StatusCode);
        var ready = await _browser.Http.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Jwks_WhenSmartBackendServicesConfigured_ThenPublishesOnlyThePublicKey()
    {
        var json = await _browser.Http.GetStringAsync(".well-known/jwks.json");

        var keys = new JsonWebKeySet(json).Keys;
        var key = Assert.Single(keys);
        Assert.Equal("RS384", key.Alg);
        Assert.False(string.IsNullOrEmpty(key.N));
        Assert.True(string.IsNullOrEmpty(key.D), "the private exponent must never be published");
        using var doc = JsonDocument.Parse(json);
        Assert.DoesNotContain("\"d\"", doc.RootElement.GetRawText());
    }
}
