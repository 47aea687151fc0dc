using AllianceFhir.Smart.Tests.Support;
using AllianceFhir.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenIddict.Abstractions;

namespace AllianceFhir.Smart.Tests.Browser;

/// <summary>Real Chromium: the shell's "Sign out" button, and the notice with a way forward when the EHR ends the session.</summary>
[Collection(SmartSandboxCollection.Name)]
public class SignOutBrowserTests(SmartSandbox ehr)
{
    [Fact]
    public async Task SignOutButton_WhenClicked_ThenTheSignedOutPageAndTheSessionIsGone()
    {
        await using var app = await ehr.StartAppAsync();
        var launch = await ehr.Sandbox.CreateLaunchAsync(SmartSandbox.Patient, SmartSandbox.Practitioner);
        await using var chromium = await StartAsync();
        var page = await chromium.Browser.NewPageAsync();
        await page.GotoAsync(app.LaunchUrl(launch).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Sign out" });
        await button.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });

        await button.ClickAsync();

        await page.GetByRole(AriaRole.Heading, new() { Name = "Signed out" }).WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Contains("launch the app again from the patient's chart", await page.InnerTextAsync("body"));
        Assert.Equal(401, await page.EvaluateAsync<int>("async () => (await fetch('/api/context')).status"));
    }

    [Fact]
    public async Task Shell_WhenTheEhrEndsTheSessionMidway_ThenSaysSoWithTheWayForwardAndHidesTheFeatures()
    {
        await using var app = await ehr.StartAppAsync(accessTokenLifetime: TimeSpan.FromHours(1));
        var launch = await ehr.Sandbox.CreateLaunchAsync(SmartSandbox.Patient, SmartSandbox.Practitioner);
        await using var chromium = await StartAsync();
        var page = await chromium.Browser.NewPageAsync();
        await page.GotoAsync(app.LaunchUrl(launch).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        // The first load's dashboard call must be over before the EHR ends the session: else that call meets the 401,
        // the session ends before the reload, and the reload finds no session at all (a race seen on a loaded machine).
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new PageWaitForLoadStateOptions { Timeout = 60_000 });
        await RevokeAllTokensAsync(app.ClientId);

        await page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 }); // context still loads (no EHR call); the dashboard's EHR call meets the 401

        var notice = page.Locator("#session-ended");
        try
        {
            await notice.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no session-ended notice at {page.Url}: {await page.InnerTextAsync("body")}");
        }
        var text = await notice.InnerTextAsync();
        Assert.Contains("Your session with the EHR has ended", text);
        Assert.Contains("Launch the app again from the patient's chart", text);
        Assert.False(await page.Locator("#panel-dashboard").IsVisibleAsync());
        Assert.False(await page.Locator("#signout").IsVisibleAsync());
    }

    private async Task RevokeAllTokensAsync(string clientId)
    {
        await using var scope = ehr.Sandbox.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var application = await applications.FindByClientIdAsync(clientId) ?? throw new InvalidOperationException(clientId);
        await foreach (var token in tokens.FindByApplicationIdAsync((await applications.GetIdAsync(application))!))
            await tokens.TryRevokeAsync(token);
    }

    private static async Task<Chromium> StartAsync()
    {
        if (!File.Exists("/usr/bin/chromium")) throw RealPart.Missing("Chromium (/usr/bin/chromium)", "scripts/setup.sh");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new Chromium(playwright, browser);
    }

    private sealed class Chromium(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public IBrowser Browser => browser;

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
