using AllianceFhir.Core.Confidentiality;
using AllianceFhir.Core.Informants;
using AllianceFhir.Core.Trajectories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Ehr.Clinical;

/// <summary>
/// The one loader of the clinical settings that are site choices rather than published constants, used by every host
/// (the service's jobs, its CDS Hooks and <c>report</c> verb, and the SMART app), so a threshold a site calibrates
/// changes the nightly alert, the CDS card, the report and the app's dashboard together.
/// </summary>
/// <remarks>
/// It lives here because AllianceFhir.Ehr is the one library both hosts reference that may read configuration (Core
/// may not), and it already loads the other half of the clinical rules, the catalogue (<c>Profiles/</c>: cutoffs,
/// reliable-change values and rupture rules are data in the Questionnaires). Keys: section <c>Trajectories</c>
/// (<see cref="TrajectorySettings"/>: reliable-change method, response reduction, expected-trajectory slope, not-on-track
/// tolerance and first session, paired instruments), <c>Confidentiality</c> (<see cref="ConfidentialitySettings"/>: security
/// labels on young people's alliance answers), <c>Informants</c> (<see cref="InformantSettings"/>: caregiver-version pairs and
/// the informant-discrepancy marker) and <c>Profiles</c> (the catalogue folder; default: profiles/
/// beside the program).
/// </remarks>
public static class ClinicalSettingsServiceCollectionExtensions
{
    public const string TrajectoriesSection = "Trajectories";

    /// <summary>Security labels on young people's alliance answers (<see cref="ConfidentialitySettings"/>).</summary>
    public const string ConfidentialitySection = "Confidentiality";

    /// <summary>Self-report ↔ caregiver-version pairs and the informant-discrepancy marker (<see cref="InformantSettings"/>).</summary>
    public const string InformantsSection = "Informants";

    /// <summary>The catalogue folder key (instrument Questionnaires with their cutoffs and rupture rules).</summary>
    public const string ProfilesKey = "Profiles";

    /// <summary>
    /// Binds <see cref="TrajectorySettings"/> from <c>Trajectories</c> (validated on start) and registers the bound
    /// value as a singleton, for the classes that take it directly.
    /// </summary>
    public static IServiceCollection AddClinicalSettings(this IServiceCollection services)
    {
        services.AddOptions<TrajectorySettings>().BindConfiguration(TrajectoriesSection).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrajectorySettings>, TrajectorySettingsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<TrajectorySettings>>().Value);
        services.AddOptions<ConfidentialitySettings>().BindConfiguration(ConfidentialitySection).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConfidentialitySettings>, ConfidentialitySettingsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ConfidentialitySettings>>().Value);
        services.AddOptions<InformantSettings>().BindConfiguration(InformantsSection).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InformantSettings>, InformantSettingsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<InformantSettings>>().Value);
        return services;
    }
}
