using AllianceFhir.Smart.Features;
using AllianceFhir.Smart.Session;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AllianceFhir.Smart.Tests.Support;

/// <summary>
/// The app's features hosted in-process on Kestrel (port 0) with a <see cref="TestSmartSession"/> in every request, as
/// the launch layer would put it there. <see cref="Time"/> is settable so authored dates are known.
/// </summary>
public sealed class FeatureHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FeatureHost(WebApplication app, HttpClient client, MutableTime time)
    {
        _app = app;
        Client = client;
        Time = time;
    }

    public HttpClient Client { get; }

    public MutableTime Time { get; }

    public static async Task<FeatureHost> StartAsync(ISmartSession session, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        var time = new MutableTime(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSmartFeatures();
        var app = builder.Build();
        app.Use((context, next) =>
        {
            context.Features.Set(session);
            return next(context);
        });
        app.MapGroup("/api/patients/{patientId}").MapSmartFeatures(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FeatureHost(app, new HttpClient { BaseAddress = new Uri(address + "/") }, time);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}

public sealed class MutableTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
