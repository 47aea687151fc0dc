using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using AllianceFhir.Core.Reports;
using AllianceFhir.Service.Hosting;
using AllianceFhir.Service.Reports;
using AllianceFhir.Service.State;
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

    public async Task InitializeAsync()
    {
        var port = FreePort();
        _app = ServiceHost.BuildWeb(new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["State:ConnectionString"] = $"Data Source={_state.Combine("state.db")}",
            ["Source:NdjsonInput"] = GoldenCohort.Folder,
            ["Source:NdjsonOutput"] = _state.Combine("out"),
            ["Admin:User"] = "operator",
            ["Admin:Password"] = "correct horse battery staple",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        _app.MapServiceEndpoints();
        await _app.Services.GetRequiredService<ScorePointStore>().AddAsync(GoldenCohort.Data.Points, CancellationToken.None);
        await _app.Services.GetRequiredService<PatientStore>().UpsertAsync(GoldenCohort.Data.Patients.Values, CancellationToken.None);
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
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
        using var response = await _http.SendAsync(Authorised($"api/reports/2026-10?format={format}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("api/reports/2026-13", "is not a month written yyyy-MM")]
    [InlineData("api/reports/2026-10?format=pdf", "format 'pdf' is not json, csv or html")]
    public async Task Get_WhenBadPeriodOrFormat_ThenBadRequestSayingWhy(string url, string message)
    {
        using var response = await _http.SendAsync(Authorised(url));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    private static HttpRequestMessage Authorised(string url) => new(HttpMethod.Get, url)
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:correct horse battery staple"))) },
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
