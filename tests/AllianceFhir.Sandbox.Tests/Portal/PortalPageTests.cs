using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace AllianceFhir.Sandbox.Tests.Portal;

/// <summary>The patient portal's sign-in and launch (a Patient or a RelatedPerson user) against the real sandbox.</summary>
[Collection(SandboxCollection.Name)]
public sealed class PortalPageTests(SandboxEhrFixture fixture) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });
    private readonly OAuthDriver _driver = new(fixture.Sandbox);

    [Fact]
    public async Task PortalPage_WhenOpened_ThenOffersPatientsAndTheSeededParent()
    {
        var html = await _http.GetStringAsync(fixture.BaseUrl + "/portal");

        Assert.Contains("value=\"Patient/pat-0001\"", html);
        Assert.Contains("Nadia Hussain (Mother of Sami Hussain)", html);
        Assert.Contains("value=\"RelatedPerson/rp-0010-parent\"", html);
        Assert.Contains($"/patient/launch?iss={Uri.EscapeDataString(fixture.FhirBaseUrl)}\"", html); // the standalone link
    }

    [Theory]
    [InlineData("Patient/pat-0001", "pat-0001")]
    [InlineData("RelatedPerson/rp-0010-parent", "pat-0010")]
    public async Task PortalLaunch_WhenUserSignsIn_ThenAppPatientLaunchWithThatUserAndTheirPatient(string user, string patient)
    {
        using var response = await _http.PostAsync(fixture.BaseUrl + "/portal/launch", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = user }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith("http://127.0.0.1:5090/patient/launch?", location.ToString());
        var query = QueryHelpers.ParseQuery(location.Query);
        var (verifier, challenge) = OAuthDriver.Pkce();
        using var authorize = await _driver.AuthorizeAsync(_driver.AuthorizeParameters(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri,
            "launch openid fhirUser patient/Task.rus user/Patient.rs", query["launch"].ToString(), challenge));
        var code = OAuthDriver.RedirectParameters(authorize)["code"];
        var (_, token) = await _driver.TokenAsync(OAuthDriver.CodeForm(SandboxEhrFixture.PublicClient, SandboxEhrFixture.RedirectUri, code, verifier));

        Assert.Equal(patient, token.GetProperty("patient").GetString());
        Assert.EndsWith("/" + user, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token.GetProperty("id_token").GetString()).GetClaim("fhirUser").Value);
        Assert.Equal("launch openid fhirUser patient/Task.rus", token.GetProperty("scope").GetString()); // no user/ scope for a portal user
    }

    [Theory]
    [InlineData("Practitioner/prac-north-1")]
    [InlineData("RelatedPerson/no-such-person")]
    [InlineData("Patient/no-such-patient")]
    public async Task PortalLaunch_WhenUserIsNotAPortalUser_ThenRefused(string user)
    {
        using var response = await _http.PostAsync(fixture.BaseUrl + "/portal/launch", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = user }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    public void Dispose()
    {
        _http.Dispose();
        _driver.Dispose();
    }
}
