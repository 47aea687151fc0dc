using System.Net;
using System.Text;
using System.Text.Json;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Samples.Sessions;
using AllianceFhir.Smart.Security;
using AllianceFhir.Smart.Tests.Support;

namespace AllianceFhir.Smart.Tests.Security;

/// <summary>
/// The attacks issue 10 tried by hand on the SMART app, automated against the real sandbox (OpenIddict server, FHIR
/// proxy, Node FHIR server) and the real app host over HTTP. Routes come from the app's EndpointDataSource
/// (<see cref="AppRoutes"/>), so a route added later is attacked too. Patients 11 and 12 of the cohort are used by
/// no other test of the collection, so the alerts and responses written here disturb nothing else.
/// </summary>
[Collection(SmartSandboxCollection.Name)]
public sealed class AppAttackTests(SmartSandbox ehr, SharedApp shared) : IClassFixture<SharedApp>, IDisposable
{
    private const string Victim = "pat-0011";
    private const string Other = "pat-0012";
    private const string AttackerOrigin = "https://attacker.example";
    private const string SessionCookie = "__Host-alliancefhir-session";

    private readonly HttpClient _fhir = new() { BaseAddress = new Uri(ehr.Sandbox.FhirUpstreamUrl.TrimEnd('/') + "/") };

    public void Dispose() => _fhir.Dispose();

    [Fact]
    public async Task Attack_CrossSitePostWithoutCsrfToken_OnEveryStateChangingAppRoute_ThenRefused()
    {
        var app = await shared.GetAsync(ehr);
        using var victim = new TestBrowser();
        using var attacker = new TestBrowser();
        await app.EhrLaunchAsync(victim, patient: Victim);
        var victimToken = await CsrfTokenAsync(app, victim, Victim);
        await app.EhrLaunchAsync(attacker, patient: Victim); // the attacker's own session gives them a valid token of their own
        var attackerToken = await CsrfTokenAsync(app, attacker, Victim);
        var flag = await AlertSeeder.CreateAsync(_fhir, AlertSeeder.Intent(Victim, AlertKind.Safety, "csrf-" + Guid.NewGuid()), AlertChannel.Flag);
        var responsesBefore = await CountAsync($"QuestionnaireResponse?subject=Patient/{Victim}");
        var values = new Dictionary<string, string> { ["patientId"] = Victim, ["type"] = "Flag", ["id"] = flag };

        var unsafeRoutes = AppRoutes.All(app).Where(r => r.IsUnsafe).ToList();
        Assert.Contains(unsafeRoutes, r => r.Template.EndsWith("/responses", StringComparison.Ordinal));
        Assert.Contains(unsafeRoutes, r => r.Template.EndsWith("/acknowledge", StringComparison.Ordinal));
        Assert.Contains(unsafeRoutes, r => r.Template == "/signout");
        // Sign-out last: its control request ends the victim's session.
        unsafeRoutes = [.. unsafeRoutes.OrderBy(r => r.Template == "/signout")];

        foreach (var route in unsafeRoutes)
        {
            var url = app.Url(route.Fill(values));
            foreach (var (variant, request) in new[]
                     {
                         ("no token", CrossSite(route.Method, url, Body(route), token: null, inForm: false)),
                         ("the attacker's own token in the header", CrossSite(route.Method, url, Body(route), attackerToken, inForm: false)),
                         ("the attacker's own token in the form", CrossSite(route.Method, url, null, attackerToken, inForm: true)),
                     })
            {
                var response = await victim.SendAsync(request);
                if (route.Template.StartsWith("/api/portal", StringComparison.Ordinal))
                {
                    // The client's API refuses a clinician's session outright (403) before any token is read; its own CSRF
                    // check, with a client's session, is PortalEndpointsTests.Submit_WhenNoAntiforgeryToken_ThenRefusedAndTaskStillOpen.
                    Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route.Method} {route.Template} with {variant} answered {(int)response.StatusCode}");
                    continue;
                }
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{route.Method} {route.Template} with {variant} answered {(int)response.StatusCode}");
                Assert.Contains("The request could not be verified", await response.Content.ReadAsStringAsync());
                Assert.Equal(Victim, (await app.ContextAsync(victim)).GetProperty("patient").GetString());
            }
        }

        // The callback is not a mapped endpoint (the OAuth handler serves it): a cross-site POST there signs nobody in.
        var callback = await victim.SendAsync(CrossSite("POST", app.Url("/signin-smart"), new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "stolen", ["state"] = "forged" }), null, false));
        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Equal(Victim, (await app.ContextAsync(victim)).GetProperty("patient").GetString());

        // Nothing changed at the EHR: the safety alert is still active and unacknowledged, no response was saved.
        Assert.Equal("active", (await AlertSeeder.ReadAsync(_fhir, $"Flag/{flag}")).GetProperty("status").GetString());
        Assert.Equal(0, await CountAsync($"Provenance?target=Flag/{flag}"));
        Assert.Equal(responsesBefore, await CountAsync($"QuestionnaireResponse?subject=Patient/{Victim}"));

        // Control: the very same requests with the victim's own token pass the check, so the refusals above were the token's
        // (the client's API is not the clinician's to use, token or not).
        foreach (var route in unsafeRoutes.Where(r => !r.Template.StartsWith("/api/portal", StringComparison.Ordinal)))
        {
            var request = new HttpRequestMessage(new HttpMethod(route.Method), app.Url(route.Fill(values))) { Content = Body(route) };
            request.Headers.Add(AntiforgeryMiddleware.HeaderName, victimToken);
            var response = await victim.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{route.Method} {route.Template} with the victim's token answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        Assert.Equal(responsesBefore + 1, await CountAsync($"QuestionnaireResponse?subject=Patient/{Victim}"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await victim.GetAsync(app.Url("/api/context"))).StatusCode); // signed out by the last control
    }

    [Fact]
    public async Task Attack_PatientSwitch_OnEveryAppRoute_ThenForbidden()
    {
        var app = await shared.GetAsync(ehr);
        using var browser = new TestBrowser();
        await app.EhrLaunchAsync(browser, patient: Victim);
        var token = await CsrfTokenAsync(app, browser, Victim);
        var routes = AppRoutes.All(app);

        // Every route that can name a patient (a route value or handler parameter called patient…) is behind the launch-patient policy.
        var unguarded = routes.Where(r => !r.IsPatientGuarded && r.ParameterNames.Any(n => n.Contains("patient", StringComparison.OrdinalIgnoreCase)))
            .Select(r => $"{r.Method} {r.Template}").ToList();
        Assert.True(unguarded.Count == 0, "routes naming a patient without the launch-patient policy: " + string.Join(", ", unguarded));
        Assert.Contains(routes, r => r.IsPatientGuarded && r.Template.Contains("{patientId}", StringComparison.Ordinal));

        // Over HTTP, the other patient named everywhere a request can name one: route value and query string.
        var values = new Dictionary<string, string> { ["patientId"] = Other, ["id"] = "phq-9" };
        var switchQuery = $"patient={Other}&patientId={Other}&subject=Patient/{Other}";
        foreach (var route in routes.Where(r => r.Template != "/signout"))
        {
            var path = route.Fill(values);
            var request = new HttpRequestMessage(new HttpMethod(route.Method), app.Url(path + (path.Contains('?') ? "&" : "?") + switchQuery));
            request.Headers.Add(AntiforgeryMiddleware.HeaderName, token);
            if (route.IsUnsafe) request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            var response = await browser.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (route.Template.Contains("{patientId}", StringComparison.Ordinal))
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route.Method} {route.Template} for {Other} answered {(int)response.StatusCode}");
            else
                Assert.DoesNotContain(Other, body.Replace(switchQuery, "", StringComparison.Ordinal));
        }
        Assert.Equal(Victim, (await app.ContextAsync(browser)).GetProperty("patient").GetString());
    }

    [Fact]
    public async Task Attack_PatientSwitch_InTheSubmittedResponsesSubject_ThenSavedForTheLaunchPatientOnly()
    {
        var app = await shared.GetAsync(ehr);
        using var browser = new TestBrowser();
        await app.EhrLaunchAsync(browser, patient: Victim);
        var token = await CsrfTokenAsync(app, browser, Victim);
        var othersBefore = await CountAsync($"QuestionnaireResponse?subject=Patient/{Other}");
        var forOther = SessionHistory.Response("phq-9", Other, 6, DateTimeOffset.UtcNow).ToJsonString();

        var request = new HttpRequestMessage(HttpMethod.Post, app.Url($"/api/patients/{Victim}/responses")) { Content = new StringContent(forOther, Encoding.UTF8, "application/fhir+json") };
        request.Headers.Add(AntiforgeryMiddleware.HeaderName, token);
        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("responseId").GetString()!;
        var stored = await AlertSeeder.ReadAsync(_fhir, $"QuestionnaireResponse/{saved}");
        Assert.Equal($"Patient/{Victim}", stored.GetProperty("subject").GetProperty("reference").GetString());
        Assert.Equal(othersBefore, await CountAsync($"QuestionnaireResponse?subject=Patient/{Other}"));
    }

    [Fact]
    public async Task Attack_PatientSwitch_ThroughAnotherPatientsAlertId_ThenRefusedAndTheAlertUnchanged()
    {
        var app = await shared.GetAsync(ehr);
        using var browser = new TestBrowser();
        await app.EhrLaunchAsync(browser, patient: Victim);
        var token = await CsrfTokenAsync(app, browser, Victim);
        var othersFlag = await AlertSeeder.CreateAsync(_fhir, AlertSeeder.Intent(Other, AlertKind.Safety, "switch-" + Guid.NewGuid()), AlertChannel.Flag);

        foreach (var action in new[] { "acknowledge", "resolve" })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, app.Url($"/api/patients/{Victim}/alerts/Flag/{othersFlag}/{action}"));
            request.Headers.Add(AntiforgeryMiddleware.HeaderName, token);
            // A complete resolve (reason and confirmation), so it is the patient check that refuses it, not the missing reason.
            if (action == "resolve") request.Content = System.Net.Http.Json.JsonContent.Create(new { reason = "attack", confirmed = true });
            var response = await browser.SendAsync(request);

            // The sandbox refuses the read (another patient's Flag) and the app passes the refusal on: never a 2xx.
            Assert.False(response.IsSuccessStatusCode, $"{action} of another patient's alert answered {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain(Other, await response.Content.ReadAsStringAsync());
        }
        Assert.Equal("active", (await AlertSeeder.ReadAsync(_fhir, $"Flag/{othersFlag}")).GetProperty("status").GetString());
        Assert.Equal(0, await CountAsync($"Provenance?target=Flag/{othersFlag}"));
        var alerts = await browser.GetAsync(app.Url($"/api/patients/{Victim}/alerts"));
        Assert.Equal(HttpStatusCode.OK, alerts.StatusCode);
        Assert.DoesNotContain(othersFlag, await alerts.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Attack_TokenInBrowser_OnEveryAppRoute_ThenNeverInAnyResponseBodyHeaderOrCookie()
    {
        var app = await shared.GetAsync(ehr);
        using var browser = new TestBrowser();
        var before = app.TokensIssued.Count;
        await app.EhrLaunchAsync(browser, patient: Victim);
        var tokens = app.TokensIssued.Skip(before).ToList();
        Assert.Equal(3, tokens.Count); // access, refresh (online_access) and id token
        var csrf = await CsrfTokenAsync(app, browser, Victim);
        var values = new Dictionary<string, string> { ["patientId"] = Victim, ["id"] = "phq-9" };

        // Every route: the launch patient's, another patient's, and bodies the app refuses (error paths are where tokens leak).
        var routes = AppRoutes.All(app).OrderBy(r => r.Template == "/signout").ToList();
        foreach (var route in routes)
        foreach (var patient in new[] { Victim, Other })
        {
            var request = new HttpRequestMessage(new HttpMethod(route.Method), app.Url(route.Fill(new Dictionary<string, string>(values) { ["patientId"] = patient })));
            request.Headers.Add(AntiforgeryMiddleware.HeaderName, csrf);
            if (route.IsUnsafe) request.Content = new StringContent("{\"resourceType\":\"Patient\"}", Encoding.UTF8, "application/json");
            await browser.SendAsync(request);
        }
        await browser.GetAsync(app.Url("/signin-smart?error=server_error&state=forged"));
        await browser.GetAsync(app.Url("/launch?iss=" + Uri.EscapeDataString("https://unknown.example/fhir")));

        var origin = app.App.BaseUrl.GetLeftPart(UriPartial.Authority);
        var seen = browser.History.Where(h => h.Url.GetLeftPart(UriPartial.Authority) == origin).ToList();
        Assert.True(seen.Count >= 2 * routes.Count, $"only {seen.Count} responses seen");
        Assert.Contains(seen, h => h.Status == HttpStatusCode.OK && h.Url.AbsolutePath.EndsWith("/dashboard", StringComparison.Ordinal));
        foreach (var token in tokens)
        foreach (var piece in new[] { token, token.Split('.')[^1] }.Where(p => p.Length >= 20))
        foreach (var h in seen)
        {
            Assert.False(h.Body.Contains(piece, StringComparison.Ordinal), $"a token in the body of {h.Method} {h.Url}");
            Assert.False(h.Headers.Contains(piece, StringComparison.Ordinal), $"a token in the headers of {h.Method} {h.Url}");
            Assert.False((h.Location?.OriginalString ?? "").Contains(piece, StringComparison.Ordinal), $"a token in the redirect of {h.Method} {h.Url}");
        }
        Assert.All(browser.SetCookieLines, line => Assert.All(tokens, t => Assert.DoesNotContain(t.Split('.')[^1], line)));
    }

    /// <summary>What a page on another site can make the victim's browser send: a simple request carrying the victim's cookies (SameSite=None, for the EHR's iframe).</summary>
    private static HttpRequestMessage CrossSite(string method, Uri url, HttpContent? body, string? token, bool inForm)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = inForm ? new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token ?? "" }) : body,
        };
        if (!inForm && token is not null) request.Headers.Add(AntiforgeryMiddleware.HeaderName, token);
        request.Headers.Add("Origin", AttackerOrigin);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        request.Headers.Referrer = new Uri(AttackerOrigin + "/trap.html");
        return request;
    }

    /// <summary>
    /// A body that does something on the route: a valid PHQ-9 response as text/plain (a simple request needs no preflight),
    /// a resolve's reason and confirmation, else nothing.
    /// </summary>
    private static HttpContent Body(AppRoutes.Route route) =>
        route.Template.EndsWith("/responses", StringComparison.Ordinal)
            ? new StringContent(SessionHistory.Response("phq-9", Victim, 7, DateTimeOffset.UtcNow).ToJsonString(), Encoding.UTF8, "text/plain")
            : route.Template.EndsWith("/resolve", StringComparison.Ordinal)
                ? new StringContent("""{"reason":"Reviewed with the client","confirmed":true}""", Encoding.UTF8, "application/json")
            : new FormUrlEncodedContent([]);

    private static async Task<string> CsrfTokenAsync(AppUnderTest app, TestBrowser browser, string patient)
    {
        var context = await app.ContextAsync(browser);
        Assert.Equal(patient, context.GetProperty("patient").GetString());
        Assert.True(browser.CookiesFor(app.App.BaseUrl).ContainsKey(SessionCookie));
        return context.GetProperty("csrfToken").GetString()!;
    }

    private async Task<int> CountAsync(string search)
    {
        var bundle = JsonDocument.Parse(await _fhir.GetStringAsync(search + "&_count=1000&_elements=id")).RootElement;
        return bundle.TryGetProperty("entry", out var entries) ? entries.GetArrayLength() : 0;
    }
}
