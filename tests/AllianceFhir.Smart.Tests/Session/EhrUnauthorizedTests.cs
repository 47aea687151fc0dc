using System.Net;
using System.Text.Json;
using AllianceFhir.Smart.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace AllianceFhir.Smart.Tests.Session;

/// <summary>A 401 from the EHR in the middle of a session ends it: 401 "session ended: launch again", never a 502 with no way forward.</summary>
[Collection(SmartSandboxCollection.Name)]
public class EhrUnauthorizedTests(SmartSandbox ehr)
{
    [Fact]
    public async Task EhrCall_WhenTheEhrAnswers401MidSession_Then401SessionEndedAndTheSessionIsGone()
    {
        await using var app = await ehr.StartAppAsync(accessTokenLifetime: TimeSpan.FromHours(1), map: Probe.Map);
        using var browser = new TestBrowser();
        await app.EhrLaunchAsync(browser);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(app.Url($"/api/patients/{SmartSandbox.Patient}/probe"))).StatusCode);
        var refreshesBefore = ehr.Sandbox.TokenRequests.Count(r => r.GrantType == "refresh_token" && r.ClientId == app.ClientId);
        // The EHR revokes the app's tokens while the access token is still within its lifetime: its FHIR API answers 401.
        await RevokeAllTokensAsync(app.ClientId);

        var probe = await browser.GetAsync(app.Url($"/api/patients/{SmartSandbox.Patient}/probe"));

        Assert.Equal(HttpStatusCode.Unauthorized, probe.StatusCode);
        Assert.Equal("application/problem+json", probe.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await probe.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Your session with the EHR has ended", problem.GetProperty("title").GetString());
        Assert.StartsWith("Session ended. Launch the app again", problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("sessionEnded").GetBoolean());
        Assert.False(problem.TryGetProperty("relaunchUrl", out _)); // an EHR launch starts again in the chart
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(app.Url("/api/context"))).StatusCode);
        Assert.Equal(refreshesBefore, ehr.Sandbox.TokenRequests.Count(r => r.GrantType == "refresh_token" && r.ClientId == app.ClientId));
    }

    private async Task RevokeAllTokensAsync(string clientId)
    {
        await using var scope = ehr.Sandbox.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var application = await applications.FindByClientIdAsync(clientId) ?? throw new InvalidOperationException(clientId);
        var revoked = 0;
        await foreach (var token in tokens.FindByApplicationIdAsync((await applications.GetIdAsync(application))!))
            if (await tokens.TryRevokeAsync(token)) revoked++;
        Assert.True(revoked > 0);
    }
}
