using AllianceFhir.Core.Trajectories;
using AllianceFhir.Ehr.Clinical;
using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.Smart.Features.Alerts;
using AllianceFhir.Smart.Features.Catalogue;
using AllianceFhir.Smart.Features.Dashboard;
using AllianceFhir.Smart.Features.Ehr;
using AllianceFhir.Smart.Features.Portal;
using AllianceFhir.Smart.Features.Questionnaires;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Smart.Features;

/// <summary>Registers and maps the app's features (dashboard, questionnaires, alerts) on the launch layer's patient API.</summary>
public static class SmartFeatures
{
    /// <summary>Catalogue (section "Smart": ProfilesFolder, else the service's "Profiles"; TextPacks), clinical settings ("Trajectories"), write-back (section "Smart:WriteBack"), dashboard maths.</summary>
    public static IServiceCollection AddSmartFeatures(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CatalogueOptions>().BindConfiguration(CatalogueOptions.Section)
            .Configure<IConfiguration>((o, c) => o.ProfilesFolder ??= c[ClinicalSettingsServiceCollectionExtensions.ProfilesKey]) // the service's catalogue too
            .Validate(o => o.TextPacks.All(p => !string.IsNullOrWhiteSpace(p)), "Smart:TextPacks entries must be file paths")
            .ValidateOnStart();
        services.AddOptions<WriteBackOptions>().BindConfiguration("Smart:" + WriteBackOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WriteBackOptions>>(new WriteBackOptionsValidator("Smart:" + WriteBackOptions.Section));
        services.AddSingleton<SmartCatalogue>();
        services.AddClinicalSettings(); // section "Trajectories", the same the service binds
        services.AddSingleton<ResponseScoreCache>();
        services.AddSingleton(sp => new DashboardBuilder(sp.GetRequiredService<SmartCatalogue>().Catalogue, sp.GetRequiredService<TrajectorySettings>(),
            sp.GetRequiredService<AllianceFhir.Core.Informants.InformantSettings>()));
        services.AddSingleton<SessionWriteBack>();
        // The client's API hands out and checks antiforgery tokens; the host's AddAntiforgery options (header name) still apply.
        services.AddAntiforgery();
        services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PortalOptions>, PortalOptionsValidator>();
        return services;
    }

    /// <summary>
    /// Maps the patient features on <paramref name="patientApi"/> (the launch layer's <c>MapPatientApi()</c> group, which
    /// answers 401/403 before these run), the catalogue endpoints and the client's API (<see cref="PortalEndpoints"/>) on <paramref name="app"/>.
    /// </summary>
    public static RouteGroupBuilder MapSmartFeatures(this RouteGroupBuilder patientApi, IEndpointRouteBuilder app)
    {
        app.MapInstruments();
        app.MapPortal();
        return patientApi.MapDashboard().MapResponses().MapAlerts();
    }
}
