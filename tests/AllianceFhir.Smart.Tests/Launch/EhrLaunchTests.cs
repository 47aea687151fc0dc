using System.Net;
using AllianceFhir.Sandbox;
using AllianceFhir.Smart.Features;
using AllianceFhir.Smart.Tests.Support;

namespace AllianceFhir.Smart.Tests.Launch;

/// <summary>SMART EHR launch end to end against the sandbox's real OpenIddict server.</summary>
[Collection(SmartSandboxCollection.Name)]
public class EhrLaunchTests(SmartSandbox ehr)
{
    [Fact]
    public async Task EhrLaunch_WhenClinicianOpensTheChart_ThenContextShowsLaunchPatientUserAndEncounter()
    {
        await using var app = await ehr.StartAppAsync(map: Probe.Map);
        using var browser = new TestBrowser();
        var before = ehr.Sandbox.TokenRequests.Count;

        await app.EhrLaunchAsync(browser, encounter: "enc-17");

        var context = await app.ContextAsync(browser);
        Assert.Equal(SmartSandbox.Patient, context.GetProperty("patient").GetString());
        Assert.Equal("enc-17", context.GetProperty("encounter").GetString());
        Assert.Equal($"{ehr.FhirBaseUrl}/Practitioner/{SmartSandbox.Practitioner}", context.GetProperty("fhirUser").GetString());
        Assert.False(context.GetProperty("needPatientBanner").GetBoolean());
        Assert.Equal($"{ehr.BaseUrl}/smart-style.json", context.GetProperty("smartStyleUrl").GetString());
        Assert.False(string.IsNullOrEmpty(context.GetProperty("csrfToken").GetString()));
        foreach (var feature in SmartScopes.Features)
            Assert.True(context.GetProperty("features").GetProperty(feature).GetProperty("enabled").GetBoolean(), feature);

        var exchange = Assert.Single(ehr.Sandbox.TokenRequests.Skip(before));
        Assert.Equal(("authorization_code", app.ClientId, (string?)null), (exchange.GrantType, exchange.ClientId, exchange.Error));

        // The session reaches the EHR's FHIR API for the launch patient.
        var probe = await browser.GetAsync(app.Url($"/api/patients/{SmartSandbox.Patient}/probe"));
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Contains("\"ehrStatus\":200", await probe.Content.ReadAsStringAsync());

        // The app shell is served after the callback's redirect to /.
        var shell = await browser.GetAsync(app.Url("/"));
        Assert.Equal(HttpStatusCode.OK, shell.StatusCode);
        Assert.Equal("text/html", shell.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AuthorizeUrl_WhenEhrLaunch_ThenSmartParametersAndPkceS256()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();
        var launch = await ehr.Sandbox.CreateLaunchAsync(SmartSandbox.Patient, SmartSandbox.Practitioner);

        var authorize = await app.StartLaunchAsync(browser, launch);

        Assert.StartsWith(ehr.Sandbox.AuthorizationEndpoint, authorize.AbsoluteUri);
        var q = AppUnderTest.Query(authorize);
        Assert.Equal("code", q["response_type"]);
        Assert.Equal(app.ClientId, q["client_id"]);
        Assert.Equal(app.App.RedirectUri, q["redirect_uri"]);
        Assert.Equal(ehr.FhirBaseUrl, q["aud"]);
        Assert.Equal(launch, q["launch"]);
        Assert.Equal("S256", q["code_challenge_method"]);
        Assert.Equal(43, q["code_challenge"].Length); // base64url SHA-256
        Assert.True(q["nonce"].Length >= 43);
        var scopes = q["scope"].Split(' ');
        foreach (var s in new[] { "launch", "openid", "fhirUser", "online_access", "patient/Observation.rs" }) Assert.Contains(s, scopes);
        // The sandbox's FHIR server takes Flag (its CapabilityStatement, first in the write-back preference): no Task or Communication scopes.
        foreach (var s in new[] { "patient/Flag.rs", "patient/Flag.c", "patient/Flag.u" }) Assert.Contains(s, scopes);
        Assert.DoesNotContain(scopes, s => s.Contains("Task") || s.Contains("Communication"));
        Assert.DoesNotContain("offline_access", scopes);
    }

    [Fact]
    public async Task EhrLaunch_WhenPrivateKeyJwtClient_ThenTheSandboxAcceptsTheSignedAssertion()
    {
        await using var app = await ehr.StartAppAsync(SandboxClientType.PrivateKeyJwt);
        using var browser = new TestBrowser();
        var before = ehr.Sandbox.TokenRequests.Count;

        await app.EhrLaunchAsync(browser);

        Assert.Equal(SmartSandbox.Patient, (await app.ContextAsync(browser)).GetProperty("patient").GetString());
        var exchange = Assert.Single(ehr.Sandbox.TokenRequests.Skip(before));
        Assert.StartsWith("alliancefhir-smart-jwt", app.ClientId);
        Assert.Equal(("authorization_code", app.ClientId, (string?)null), (exchange.GrantType, exchange.ClientId, exchange.Error));
    }

    [Fact]
    public async Task EhrLaunch_WhenPublicClient_ThenPkceAloneSuffices()
    {
        await using var app = await ehr.StartAppAsync(SandboxClientType.Public);
        using var browser = new TestBrowser();

        await app.EhrLaunchAsync(browser);

        Assert.Equal(SmartSandbox.Patient, (await app.ContextAsync(browser)).GetProperty("patient").GetString());
    }

    [Fact]
    public async Task StandaloneLaunch_WhenUserPicksAPatient_ThenThatPatientWithBanner()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();

        var authorize = await app.StartLaunchAsync(browser, launch: null);
        var scopes = AppUnderTest.Query(authorize)["scope"].Split(' ');
        Assert.Contains("launch/patient", scopes);
        Assert.False(AppUnderTest.Query(authorize).ContainsKey("launch"));

        await app.StandaloneLaunchAsync(browser, "pat-0003", "prac-north-2");

        var context = await app.ContextAsync(browser);
        Assert.Equal("pat-0003", context.GetProperty("patient").GetString());
        Assert.EndsWith("/Practitioner/prac-north-2", context.GetProperty("fhirUser").GetString());
        Assert.True(context.GetProperty("needPatientBanner").GetBoolean());
    }
}
