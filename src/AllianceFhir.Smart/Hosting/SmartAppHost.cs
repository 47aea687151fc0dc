using AllianceFhir.Smart.Features;
using AllianceFhir.Smart.Launch;
using AllianceFhir.Smart.Security;
using AllianceFhir.Smart.Session;
using Microsoft.AspNetCore.Hosting;

namespace AllianceFhir.Smart.Hosting;

/// <summary>Builds the SMART app; Program.cs runs it, the sandbox and the tests host it in-process.</summary>
public static class SmartAppHost
{
    public const string DefaultUrl = "http://127.0.0.1:5090";

    /// <param name="args">Command-line arguments (configuration overrides).</param>
    /// <param name="settings">Configuration that wins over appsettings and the command line (tests, the sandbox).</param>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        // The app shell is copied beside the assembly (smart-wwwroot), so any host process serves the same files.
        var webRoot = Path.Combine(AppContext.BaseDirectory, "smart-wwwroot");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SmartAppHost).Assembly.GetName().Name,
            WebRootPath = Directory.Exists(webRoot) ? webRoot : null,
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])) builder.WebHost.UseUrls(DefaultUrl);

        builder.Services.AddSmartOptions();
        builder.Services.AddSmartLaunchAndSession();
        builder.Services.AddSmartFeatures();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseSmartSecurityHeaders();
        // Every cookie Secure (and SameSite=None where set) even on http://127.0.0.1, which Chromium treats as secure.
        app.UseCookiePolicy(new CookiePolicyOptions { Secure = CookieSecurePolicy.Always });
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseSmartSession();
        app.UseAuthorization();
        app.UseSmartAntiforgery();

        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).AllowAnonymous();
        app.MapSmartLaunch();
        app.MapSmartContext();
        app.MapSmartSignOut();
        app.MapPatientApi().MapSmartFeatures(app);
        return app;
    }
}
