using AllianceFhir.Ehr.Clinical;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.State;

namespace AllianceFhir.CdsHooks.Host;

/// <summary>
/// The CDS Hooks process on its own: the same <c>CdsHooks:*</c>, <c>State:*</c>, <c>Trajectories:*</c> and
/// <c>Profiles</c> settings as the service's <c>serve</c>, and only <c>/cds-services</c> and <c>/health/live</c>.
/// </summary>
public static class CdsHooksHost
{
    public static WebApplication Build(string[] args, IDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = overrides is not null && overrides.TryGetValue(HostDefaults.EnvironmentKey, out var environment) ? environment : null,
        });
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        builder.Services.AddState();
        builder.Services.AddClinicalSettings();
        builder.Services.AddSingleton(sp => new EngineContext(
            ProfileDirectory.LoadCatalogue(builder.Configuration[ClinicalSettingsServiceCollectionExtensions.ProfilesKey]),
            sp.GetRequiredService<AllianceFhir.Core.Trajectories.TrajectorySettings>()));
        builder.Services.AddCdsHooks(builder.Configuration);
        builder.Services.AddHealthChecks();

        var app = builder.Build();
        // Both processes may start first against a shared database: DbUp journals, and PostgreSQL takes a lock.
        app.Services.GetRequiredService<StateMigrator>().Migrate();
        app.UseCors(); // before authentication: browser preflights carry no token
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health/live").AllowAnonymous();
        app.MapCdsHooks();
        return app;
    }
}
