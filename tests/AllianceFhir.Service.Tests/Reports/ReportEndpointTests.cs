using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using AllianceFhir.Core.Reports;
using AllianceFhir.Service.Hosting;
using AllianceFhir.Reports;
using AllianceFhir.Service.Reports;
using AllianceFhir.State;
using AllianceFhir.Service.Tests.Nightly;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.Service.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AllianceFhir.Service.Tests.Reports;

/// <summary>GET /api/reports/{period} on the `serve` host, from state holding the golden cohort's points and patients.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ReportEndpointTests : IAsyncLifetime
{
    private readonly TempFolder _state = new();
    private WebApplication? _app;
    private HttpClient _http = new();
    private OperatorBrowser? _browser;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        _app = ServiceHost.BuildWeb(new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["State:ConnectionString"] = $"Data Source={_state.Combine("state.db")}",
            ["Source:NdjsonInput"] = GoldenCohort.Folder,
            ["Source:NdjsonOutput"] = _state.Combine("out"),
            ["Admin:User"] = OperatorBrowser.User,
            ["Admin:Password"] = OperatorBrowser.Password,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        _app.MapServiceWeb();
        await _app.Services.GetRequiredService<ScorePointStore>().AddAsync(GoldenCohort.Data.Points, CancellationToken.None);
        await _app.Services.GetRequiredService<PatientStore>().UpsertAsync(GoldenCohort.Data.Patients.Values, CancellationToken.None);
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _browser?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public async Task Get_WhenNoCredentials_ThenUnauthorized()
    {
        using var response = await _http.GetAsync("api/reports/2026-10");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("csv", "text/csv", "2026-10,clinic,Organization/clinic-b,coverage,Alliance measured in the period,<11,<11,,%")]
    [InlineData("json", "application/json", "\"numeratorText\": \"12\"")]
    [InlineData("html", "text/html", "<td>92.3%</td>")]
    public async Task Get_WhenOperator_ThenSuppressedReportInTheFormatAsked(string format, string mediaType, string expected)
    {
        using var response = await SendAsOperatorAsync($"api/reports/2026-10?format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("api/reports/2026-13", "is not a month written yyyy-MM")]
    [InlineData("api/reports/2026-10?format=pdf", "format 'pdf' is not json, csv or html")]
    public async Task Get_WhenBadPeriodOrFormat_ThenBadRequestSayingWhy(string url, string message)
    {
        using var response = await SendAsOperatorAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A GET with the operator's cookie, signed in through the form once per test.</summary>
    private async Task<HttpResponseMessage> SendAsOperatorAsync(string url)
    {
        if (_browser is null)
        {
            _browser = new OperatorBrowser(_http.BaseAddress!.ToString());
            Assert.Equal(HttpStatusCode.Redirect, (await _browser.SignInAsync()).StatusCode);
        }
        return await _browser.Http.GetAsync(url);
    }

    [Fact]
    public async Task Get_WhenHtml_ThenServedWithAStrictCspWhoseStyleHashIsThePagesOwnStyleBlock()
    {
        using var response = await SendAsOperatorAsync("api/reports/2026-10?format=html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("default-src 'none';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("script-src", csp); // no script at all: default-src 'none' covers it
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        var html = await response.Content.ReadAsStringAsync();
        var style = System.Text.RegularExpressions.Regex.Match(html, "<style>(.*?)</style>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<style"));
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(style.Groups[1].Value)));
        Assert.Contains($"style-src 'sha256-{hash}'", csp);
        Assert.DoesNotContain("style=\"", html); // attribute styles would need 'unsafe-inline'
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
