using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AllianceFhir.CdsHooks;

/// <summary>Registers CDS Hooks: options (validated on start), the JWT scheme and policy, CORS, stores and the service.</summary>
public static class CdsHooksServiceCollectionExtensions
{
    public static IServiceCollection AddCdsHooks(this IServiceCollection services, IConfiguration configuration)
    {
        // Validated on start by CdsHooksOptionsValidator, every message naming its CdsHooks:* key.
        services.AddOptions<CdsHooksOptions>().BindConfiguration(CdsHooksOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CdsHooksOptions>, CdsHooksOptionsValidator>();
        services.AddHttpClient(CdsClientJwtVerifier.HttpClientName);
        services.AddHttpClient(FhirPrefetchClient.HttpClientName);
        services.AddSingleton<JtiStore>();
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<CdsClientJwtVerifier>();
        services.AddSingleton<CardBuilder>();
        services.AddSingleton<FhirPrefetchClient>();
        services.AddSingleton<PatientViewService>();

        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, CdsClientJwtHandler>(CdsClientJwtHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(CdsHooksEndpoints.Policy, p => p.AddAuthenticationSchemes(CdsClientJwtHandler.SchemeName).RequireAuthenticatedUser());

        // Some EHRs call CDS services from the browser: only the configured EHR origins may.
        var origins = configuration.GetSection($"{CdsHooksOptions.Section}:CorsOrigins").Get<string[]>() ?? [];
        services.AddCors(o => o.AddPolicy(CdsHooksEndpoints.CorsPolicy, p => p.WithOrigins(origins).WithMethods("GET", "POST").WithHeaders("Authorization", "Content-Type")));
        return services;
    }
}
