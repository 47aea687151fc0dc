using AllianceFhir.Core.Trajectories;
using AllianceFhir.Ehr.Clinical;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.CdsHooks;
using AllianceFhir.Service.Nightly;
using AllianceFhir.State;
using AllianceFhir.Service.Web;

namespace AllianceFhir.Service.Hosting;

/// <summary>Builds the hosts: a worker (jobs only, no HTTP) for <c>run</c>, a web host for <c>serve</c>. Migrations run first.</summary>
public static class ServiceHost
{
    public static IHost BuildWorker(IDictionary<string, string?> overrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Services.AddService(builder.Configuration);
        var host = builder.Build();
        host.Services.GetRequiredService<StateMigrator>().Migrate();
        return host;
    }

    /// <summary>
    /// The clinical settings and catalogue folder as <c>serve</c> and <c>run</c> read them (appsettings.json beside the
    /// program, environment variables), through the same loader, for verbs that need no host (<c>report</c>).
    /// Throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> on settings the hosts would refuse.
    /// </summary>
    public static EngineContext LoadEngine(string? profilesFolder)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Services.AddClinicalSettings();
        using var services = builder.Services.BuildServiceProvider();
        return new EngineContext(
            ProfileDirectory.LoadCatalogue(profilesFolder ?? builder.Configuration[ClinicalSettingsServiceCollectionExtensions.ProfilesKey]),
            services.GetRequiredService<TrajectorySettings>());
    }

    public static WebApplication BuildWeb(IDictionary<string, string?> overrides)
    {
        // The environment is a host setting: it must be known when the builder is made, so an override names it here.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = overrides.TryGetValue(HostDefaults.EnvironmentKey, out var environment) ? environment : null,
        });
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Services.AddService(builder.Configuration);
        builder.Services.AddServiceWeb(builder.Configuration);
        builder.Services.AddCdsHooks(builder.Configuration);
        var app = builder.Build();
        app.Services.GetRequiredService<StateMigrator>().Migrate();
        return app;
    }
}
