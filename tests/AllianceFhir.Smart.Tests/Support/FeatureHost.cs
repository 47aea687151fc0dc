using AllianceFhir.Smart.Features;
using AllianceFhir.Smart.Session;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using AllianceFhir.Testing.FhirServer;

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

    public string BaseUrl => Client.BaseAddress!.AbsoluteUri;

    /// <param name="serveShell">Also serve wwwroot and a stand-in <c>/api/context</c> (the launch layer's, per the contract) for a browser.</param>
    public static async Task<FeatureHost> StartAsync(ISmartSession session, IDictionary<string, string?>? settings = null, bool serveShell = false)
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
        if (serveShell)
        {
            var files = new PhysicalFileProvider(RepositoryRoot.Combine("src", "AllianceFhir.Smart", "wwwroot"));
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
            app.MapGet("/api/context", () => Results.Ok(new
            {
                patient = session.Context.PatientId,
                encounter = session.Context.EncounterId,
                fhirUser = session.Context.FhirUser,
                needPatientBanner = session.Context.NeedPatientBanner,
                smartStyleUrl = session.Context.SmartStyleUrl,
                features = SmartScopes.ByFeature.Keys.ToDictionary(f => f, f =>
                {
                    var enabled = FeatureAccess.IsGranted(session.Context.GrantedScopes, f);
                    return new { enabled, note = enabled ? null : FeatureAccess.Notes[f] };
                }),
                csrfToken = "test",
            }));
        }
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
