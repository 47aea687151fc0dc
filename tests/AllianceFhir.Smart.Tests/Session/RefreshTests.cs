using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using AllianceFhir.Smart.Tests.Support;

namespace AllianceFhir.Smart.Tests.Session;

/// <summary>The access token is renewed with the refresh_token grant; when renewal fails the user is told to launch again.</summary>
[Collection(SmartSandboxCollection.Name)]
public class RefreshTests(SmartSandbox ehr)
{
    private static readonly Dictionary<string, string?> ShortMargin = new() { ["Smart:RefreshMargin"] = "00:00:01" };

    [Fact]
    public async Task EhrCall_WhenAccessTokenExpired_ThenRefreshedAndTheCallWorks()
    {
        // 6 s tokens, renewed 1 s before expiry: the second call below has a 5 s window even on a busy machine.
        await using var app = await ehr.StartAppAsync(accessTokenLifetime: TimeSpan.FromSeconds(6), settings: ShortMargin, map: Probe.Map);
        using var browser = new TestBrowser();
        await app.EhrLaunchAsync(browser);
        var before = ehr.Sandbox.TokenRequests.Count;

        await Task.Delay(TimeSpan.FromSeconds(6.5)); // the sandbox's access token has expired
        var probe = await browser.GetAsync(app.Url($"/api/patients/{SmartSandbox.Patient}/probe"));

        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Contains("\"ehrStatus\":200", await probe.Content.ReadAsStringAsync());
        var refresh = Assert.Single(ehr.Sandbox.TokenRequests.Skip(before));
        Assert.Equal(("refresh_token", app.ClientId, (string?)null), (refresh.GrantType, refresh.ClientId, refresh.Error));

        // The renewed token was stored: the next call within its lifetime needs no refresh.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(app.Url($"/api/patients/{SmartSandbox.Patient}/probe"))).StatusCode);
        Assert.Single(ehr.Sandbox.TokenRequests.Skip(before));
    }

    [Fact]
    public async Task EhrCall_WhenRefreshIsRefused_Then401LaunchAgainAndTheSessionIsGone()
    {
        await using var app = await ehr.StartAppAsync(accessTokenLifetime: TimeSpan.FromSeconds(2), settings: ShortMargin, map: Probe.Map);
        using var browser = new TestBrowser();
        await app.EhrLaunchAsync(browser);
        // The EHR revokes the app's tokens (as when an administrator ends its access): renewal is refused.
        await RevokeAllTokensAsync(app.ClientId);
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var probe = await browser.GetAsync(app.Url($"/api/patients/{SmartSandbox.Patient}/probe"));

        Assert.Equal(HttpStatusCode.Unauthorized, probe.StatusCode);
        Assert.Equal("application/problem+json", probe.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await probe.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Your session with the EHR has ended", problem.GetProperty("title").GetString());
        Assert.Contains("Launch the app again", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(app.Url("/api/context"))).StatusCode);
        Assert.Contains(ehr.Sandbox.TokenRequests, r => r.GrantType == "refresh_token" && r.ClientId == app.ClientId && r.Error is not null);
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
