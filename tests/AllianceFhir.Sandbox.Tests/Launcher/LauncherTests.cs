using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace AllianceFhir.Sandbox.Tests.Launcher;

[Collection(SandboxCollection.Name)]
public sealed partial class LauncherTests(SandboxEhrFixture fixture) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });
    private readonly OAuthDriver _driver = new(fixture.Sandbox);

    [Fact]
    public async Task LauncherPage_WhenOpened_ThenListsTheCohortWithMrnClinicAndClinician()
    {
        var html = await _http.GetStringAsync(fixture.BaseUrl + "/");

        Assert.Equal(60, LaunchButton().Matches(html).Count);
        Assert.Contains("Chloe Robertson", html);
        Assert.Contains("SYN-0001", html);
        Assert.Contains("North Talking Therapies Clinic", html);
        Assert.Contains("Mx Jordan Whitfield", html);
        Assert.Contains($"?iss={Uri.EscapeDataString(fixture.FhirBaseUrl)}\"", html); // the standalone launch link
        Assert.Contains("<html lang=\"en\">", html);
    }

    [Fact]
    public async Task Launch_WhenAPatientIsChosen_ThenRedirectsToTheAppWithALaunchThatCarriesTheirClinician()
    {
        using var response = await _http.PostAsync(fixture.BaseUrl + "/launch", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["patient"] = "pat-0001", ["practitioner"] = "prac-north-2", ["mode"] = "launch",
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith("http://127.0.0.1:5090/launch?", location.ToString());
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(fixture.FhirBaseUrl, query["iss"].ToString());

        var (verifier, challenge) = OAuthDriver.Pkce();
        using var authorize = await _driver.AuthorizeAsync(_driver.AuthorizeParameters(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri,
            "launch openid fhirUser patient/Patient.r", query["launch"].ToString(), challenge));
        var code = OAuthDriver.RedirectParameters(authorize)["code"];
        var (_, token) = await _driver.TokenAsync(OAuthDriver.CodeForm(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri, code, verifier));
        Assert.Equal("pat-0001", token.GetProperty("patient").GetString());
        var idToken = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token.GetProperty("id_token").GetString());
        Assert.EndsWith("/Practitioner/prac-north-2", idToken.GetClaim("fhirUser").Value);
        // Opened on a page of its own, not inside the chart: the app must show who the patient is.
        Assert.True(token.GetProperty("need_patient_banner").GetBoolean());
    }

    [Fact]
    public async Task Launch_WhenFramed_ThenTheChartFramesTheAppLaunch()
    {
        using var response = await _http.PostAsync(fixture.BaseUrl + "/launch", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["patient"] = "pat-0001", ["practitioner"] = "prac-north-2", ["mode"] = "frame",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var chart = await _http.GetStringAsync(fixture.BaseUrl + response.Headers.Location!.OriginalString);

        var frame = FrameSource().Match(chart);
        Assert.True(frame.Success, chart);
        var appLaunch = new Uri(System.Net.WebUtility.HtmlDecode(frame.Groups[1].Value));
        Assert.StartsWith("http://127.0.0.1:5090/launch?iss=", appLaunch.ToString());

        // Inside the chart, which shows the banner itself, the app is told not to.
        var (verifier, challenge) = OAuthDriver.Pkce();
        using var authorize = await _driver.AuthorizeAsync(_driver.AuthorizeParameters(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri,
            "launch openid fhirUser patient/Patient.r", QueryHelpers.ParseQuery(appLaunch.Query)["launch"].ToString(), challenge));
        var code = OAuthDriver.RedirectParameters(authorize)["code"];
        var (_, token) = await _driver.TokenAsync(OAuthDriver.CodeForm(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri, code, verifier));
        Assert.False(token.GetProperty("need_patient_banner").GetBoolean());
    }

    [Fact]
    public async Task StandaloneLaunch_WhenUserPicksAPatient_ThenTokenHasThatPatientAndAsksForABanner()
    {
        var (verifier, challenge) = OAuthDriver.Pkce();
        var parameters = _driver.AuthorizeParameters(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri, "launch launch/patient openid fhirUser patient/Observation.rs", launch: null, challenge);
        using var page = await _driver.AuthorizeAsync(parameters);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<select id=\"sandbox_patient\"", html);
        Assert.Contains("<label for=\"sandbox_practitioner\">", html);

        var form = parameters.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
        form["sandbox_patient"] = "pat-0003";
        form["sandbox_practitioner"] = "prac-south-1";
        using var posted = await _http.PostAsync(fixture.Sandbox.AuthorizationEndpoint, new FormUrlEncodedContent(form));
        var code = OAuthDriver.RedirectParameters(posted)["code"];
        var (status, token) = await _driver.TokenAsync(OAuthDriver.CodeForm(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri, code, verifier));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("pat-0003", token.GetProperty("patient").GetString());
        Assert.True(token.GetProperty("need_patient_banner").GetBoolean());
        Assert.DoesNotContain("launch", token.GetProperty("scope").GetString()!.Split(' '));
        using var observations = await _driver.FhirAsync(HttpMethod.Get, "Observation?patient=pat-0003", token.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, observations.StatusCode);
    }

    private const string Hostile = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";

    [Fact]
    public async Task LauncherPage_WhenAPatientsNameCarriesMarkup_ThenTheListShowsItAsText()
    {
        using var upstream = fixture.Sandbox.FhirServer!.CreateHttpClient();
        var patient = $$"""
            {"resourceType":"Patient","id":"pat-xss","name":[{"given":["Eve"],"family":{{JsonSerializer.Serialize(Hostile)}}}],
             "generalPractitioner":[{"reference":"Practitioner/prac-north-2"}]}
            """;
        using (var put = await upstream.PutAsync("Patient/pat-xss", new StringContent(patient, System.Text.Encoding.UTF8, "application/fhir+json")))
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        try
        {
            var html = await _http.GetStringAsync(fixture.BaseUrl + "/");

            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain("<img", html);
            var text = System.Net.WebUtility.HtmlDecode(html);
            Assert.Contains($"<th scope=\"row\">Eve {Hostile}</th>", text); // the name cell, once decoded
            Assert.Contains($"Launch AllianceFhir for Eve {Hostile} inside the chart", text); // the button's aria-label
        }
        finally
        {
            using var deleted = await upstream.DeleteAsync("Patient/pat-xss");
        }
    }

    [Fact]
    public async Task Chart_WhenThePatientParameterCarriesMarkup_ThenTheBannerShowsItAsText()
    {
        var html = await _http.GetStringAsync(fixture.BaseUrl + $"/chart?patient={Uri.EscapeDataString(Hostile)}&launch=abc");

        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains($"Chart of patient {Hostile} · back to the patient list", System.Net.WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]*>", ""))); // the banner's text
    }

    [Fact]
    public async Task StandaloneLaunch_WhenARequestParameterCarriesMarkup_ThenTheSignInPagePostsItBackAsText()
    {
        var parameters = _driver.AuthorizeParameters(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri, "launch/patient openid fhirUser patient/Observation.rs", launch: null, OAuthDriver.Pkce().Challenge);
        parameters["state"] = Hostile;

        using var page = await _driver.AuthorizeAsync(parameters);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        var state = HiddenState().Match(html);
        Assert.True(state.Success, html);
        Assert.Equal(Hostile, System.Net.WebUtility.HtmlDecode(state.Groups[1].Value));
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"state\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenState();

    [GeneratedRegex(@">Launch AllianceFhir</button>")]
    private static partial Regex LaunchButton();

    [GeneratedRegex("<iframe title=\"AllianceFhir\" src=\"([^\"]+)\"")]
    private static partial Regex FrameSource();

    public void Dispose()
    {
        _http.Dispose();
        _driver.Dispose();
    }
}
