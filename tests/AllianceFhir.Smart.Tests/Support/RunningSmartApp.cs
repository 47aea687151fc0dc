using AllianceFhir.Smart.Hosting;
using Microsoft.AspNetCore.Builder;

namespace AllianceFhir.Smart.Tests.Support;

/// <summary>The SMART app hosted in-process on Kestrel (127.0.0.1, a free port), as the sandbox hosts it.</summary>
public sealed class RunningSmartApp : IAsyncDisposable
{
    private RunningSmartApp(WebApplication app, Uri baseUrl)
    {
        App = app;
        BaseUrl = baseUrl;
    }

    public WebApplication App { get; }

    /// <summary>The app's origin, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public Uri BaseUrl { get; }

    public string RedirectUri => BaseUrl.AbsoluteUri.TrimEnd('/') + "/signin-smart";

    public static async Task<RunningSmartApp> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<WebApplication>? map = null)
    {
        var all = new Dictionary<string, string?>(settings) { ["urls"] = "http://127.0.0.1:0" };
        all.TryAdd("Logging:LogLevel:Default", "Warning");
        var app = SmartAppHost.Build([], all);
        map?.Invoke(app);
        await app.StartAsync();
        return new RunningSmartApp(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
