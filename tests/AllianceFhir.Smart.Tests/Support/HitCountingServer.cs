using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace AllianceFhir.Smart.Tests.Support;

/// <summary>A real HTTP listener on 127.0.0.1 that answers every request with 200 and one fixed body ("{}" unless told), and counts what it was sent.</summary>
public sealed class HitCountingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _hits;

    private HitCountingServer(WebApplication app) => _app = app;

    public int Hits => Volatile.Read(ref _hits);

    public Uri BaseUrl => new(_app.Urls.First());

    public static async Task<HitCountingServer> StartAsync(string body = "{}", string contentType = "application/json")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new HitCountingServer(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref server._hits);
            context.Response.ContentType = contentType;
            return context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
