using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AllianceFhir.Service.Tests.CdsHooks;
using AllianceFhir.Service.Tests.Nightly;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.Service.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AllianceFhir.Service.Tests.Web;

/// <summary>
/// Operator auth attacked across the whole `serve` surface (operator endpoints, reports, quarantine, the Hangfire
/// dashboard and CDS Hooks), read from the host's EndpointDataSource so a route added later is attacked too; and
/// password guessing. <see cref="ServiceWebTests"/> holds the single-route cases (wrong password, Basic off by default,
/// the dashboard's cookie sign-in and antiforgery). One host for the class, in Production, on a real Kestrel port.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class OperatorAuthAttackTests(OperatorAuthAttackTests.Host fixture) : IClassFixture<OperatorAuthAttackTests.Host>
{
    /// <summary>Open by design: probes, the public key set, the sign-in form and sign-out, CDS Hooks discovery (CDS Hooks 2.0 §Discovery).</summary>
    private static readonly HashSet<string> Public = new(StringComparer.Ordinal)
    {
        "GET /health/live", "GET /health/ready", "POST /health/live", "POST /health/ready", "GET /.well-known/jwks.json", "GET /operator/sign-in", "POST /operator/sign-in",
        "POST /operator/sign-out", "GET /cds-services",
    };

    public sealed class Host : IAsyncLifetime
    {
        private readonly TempFolder _state = new();
        private CdsEhr? _ehr;

        internal CdsHost Service { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _ehr = await CdsEhr.StartAsync();
            Service = await StartAsync("state.db");
        }

        /// <summary>A `serve` host with the operator credential and CDS Hooks (one trusted EHR), in Production.</summary>
        internal Task<CdsHost> StartAsync(string database) =>
            CdsHost.StartAsync(_state.Combine(database), _ehr!, extra: new Dictionary<string, string?>
            {
                ["environment"] = "Production",
                ["Admin:User"] = OperatorBrowser.User,
                ["Admin:Password"] = OperatorBrowser.Password,
            });

        public async Task DisposeAsync()
        {
            await Service.DisposeAsync();
            if (_ehr is not null) await _ehr.DisposeAsync();
            _state.Dispose();
        }
    }

    [Fact]
    public async Task Attack_NoCredentialsBasicOrAForgedCookie_OnEveryOperatorRoute_ThenRefused()
    {
        var routes = fixture.Service.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } m ? m : ["GET", "POST"])
                .Select(method => (Method: method, Template: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))))
            .Where(r => r.Method != "OPTIONS")
            .Distinct().ToList();
        Assert.Contains(routes, r => r.Template.StartsWith("/hangfire", StringComparison.Ordinal));
        Assert.Contains(routes, r => r.Template == "/api/quarantine");
        Assert.Contains(routes, r => r.Template.StartsWith("/api/reports", StringComparison.Ordinal));
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(fixture.Service.BaseUrl + "/") };

        var attacked = 0;
        foreach (var (method, template) in routes.Where(r => !Public.Contains($"{r.Method} {r.Template}")))
        {
            var path = System.Text.RegularExpressions.Regex.Replace(template, @"\{\*{0,2}([^}:=?]+)[^}]*\}", m => m.Groups[1].Value switch
            {
                "period" or "month" => "2026-10",
                "path" => "recurring",
                var other => other,
            }).TrimStart('/');
            foreach (var (attack, authorize) in new (string, Action<HttpRequestMessage>)[]
                     {
                         ("no credentials", _ => { }),
                         ("Basic with the right password (off by default)", r => r.Headers.Authorization = Basic(OperatorBrowser.Password)),
                         ("Basic with a wrong password", r => r.Headers.Authorization = Basic("guess")),
                         ("a forged operator cookie", r => r.Headers.Add("Cookie", "AllianceFhir.Operator=CfDJ8forged")),
                         ("a bearer token that is not a CDS client's JWT", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-jwt")),
                     })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method != "GET") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                authorize(request);
                using var response = await http.SendAsync(request);
                var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath == OperatorSignIn.SignInPath)
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.StartsWith(OperatorSignIn.SignInPath, StringComparison.Ordinal) == true);
                Assert.True(refused, $"{method} {template} with {attack} answered {(int)response.StatusCode}");
                attacked++;
            }
        }
        Assert.True(attacked >= 5 * 5, $"only {attacked} requests");

        // Control: the same client signed in through the form reaches the operator API.
        using var browser = new OperatorBrowser(fixture.Service.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("api/quarantine")).StatusCode);
    }

    [Fact]
    public async Task Attack_PasswordGuessing_ThenRateLimitedAndEvenTheRightPasswordWaits()
    {
        // A host of its own: the limit is per address, and every test here comes from 127.0.0.1.
        await using var service = await fixture.StartAsync("guessing.db");
        using var guesser = new OperatorBrowser(service.BaseUrl);
        var answers = new List<HttpStatusCode>();

        for (var i = 0; i < 12; i++) answers.Add((await guesser.SignInAsync(password: $"guess-{i}")).StatusCode);
        var right = await guesser.SignInAsync();

        // 10 attempts a minute per address (ServiceWebServiceCollectionExtensions): the 11th and later are refused before the password is compared.
        Assert.All(answers.Take(10), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(answers.Skip(10), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.DoesNotContain(guesser.Cookies.GetAllCookies(), c => c.Name == "AllianceFhir.Operator");
    }

    private static AuthenticationHeaderValue Basic(string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{OperatorBrowser.User}:{password}")));
}
