using System.Net;
using AllianceFhir.Smart.Session;
using AllianceFhir.Smart.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AllianceFhir.Smart.Tests.Session;

/// <summary>
/// Every route under /api/patients/{patientId} (read from the endpoint data source, so features added later are
/// covered) answers 403 for another patient and 401 without a session.
/// </summary>
[Collection(SmartSandboxCollection.Name)]
public class PatientIsolationTests(SmartSandbox ehr)
{
    [Fact]
    public async Task PatientApi_WhenAnotherPatientIsAsked_Then403OnEveryRouteAndMethod()
    {
        await using var app = await ehr.StartAppAsync(map: Probe.Map);
        using var browser = new TestBrowser();
        await app.EhrLaunchAsync(browser);
        var csrf = (await app.ContextAsync(browser)).GetProperty("csrfToken").GetString()!;

        var routes = PatientRoutes(app);
        Assert.NotEmpty(routes);
        foreach (var (method, template) in routes)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), app.Url(Fill(template, SmartSandbox.OtherPatient)));
            request.Headers.Add("X-CSRF-TOKEN", csrf);
            if (method is not ("GET" or "HEAD" or "DELETE")) request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            var response = await browser.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {template} for another patient answered {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        // The launch patient itself is let through.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(app.Url($"/api/patients/{SmartSandbox.Patient}/probe"))).StatusCode);
    }

    [Fact]
    public async Task PatientApi_WhenNoSession_Then401OnEveryRouteAndMethod()
    {
        await using var app = await ehr.StartAppAsync(map: Probe.Map);
        using var browser = new TestBrowser();

        foreach (var (method, template) in PatientRoutes(app))
        {
            var response = await browser.SendAsync(new HttpRequestMessage(new HttpMethod(method), app.Url(Fill(template, SmartSandbox.Patient))));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {template} without a session answered {(int)response.StatusCode}");
            Assert.Contains("Launch the app again", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(app.Url("/api/context"))).StatusCode);
    }

    private static List<(string Method, string Template)> PatientRoutes(AppUnderTest app) =>
        app.App.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith(PatientApi.Prefix.TrimStart('/'), StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern.RawText!)))
            .ToList();

    /// <summary>The route with the given patient and "x" for any other parameter.</summary>
    private static string Fill(string template, string patientId) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(template.TrimStart('/').Replace("{patientId}", patientId), @"\{[^}]+\}", "x");
}
