using AllianceFhir.Ehr.Auth;
using AllianceFhir.Ehr.BulkData;
using AllianceFhir.Ehr.Client;
using AllianceFhir.Ehr.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Abstractions;
using Microsoft.Identity.Web;
using Microsoft.Identity.Web.TokenCacheProviders.InMemory;

namespace AllianceFhir.Ehr;

/// <summary>Registers everything that talks to the EHR.</summary>
public static class EhrServiceCollectionExtensions
{
    /// <summary>
    /// Binds the <c>Ehr</c> configuration sections (validated at start), registers the FHIR HttpClient with the
    /// token handler chosen by <c>Ehr:Authentication</c> and the resilience pipeline, and the clients:
    /// <see cref="EhrFhirClientFactory"/>, <see cref="EhrCapabilities"/>, <see cref="FhirSearchPager"/>,
    /// <see cref="IncrementalSearch"/>, <see cref="BulkExportClient"/>; with SMART Backend Services also
    /// <see cref="JwksDocument"/> for the host to publish.
    /// </summary>
    public static IServiceCollection AddEhr(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();

        services.AddOptions<EhrOptions>().BindConfiguration(EhrOptions.Section)
            .Validate(o => o.FhirBaseUrl is { IsAbsoluteUri: true } u && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp),
                $"{EhrOptions.Section}:{nameof(EhrOptions.FhirBaseUrl)} must be an absolute http(s) URL")
            .Validate(o => o.PageSize is >= 1 and <= 1000, $"{EhrOptions.Section}:{nameof(EhrOptions.PageSize)} must be 1–1000")
            .ValidateOnStart();
        services.AddOptions<IncrementalSearchOptions>().BindConfiguration(IncrementalSearchOptions.Section)
            .Validate(o => o.Overlap >= TimeSpan.Zero, $"{IncrementalSearchOptions.Section}:Overlap must not be negative")
            .ValidateOnStart();
        services.AddOptions<BulkExportOptions>().BindConfiguration(BulkExportOptions.Section)
            .Validate(o => o.InitialPollInterval > TimeSpan.Zero && o.MaxPollInterval >= o.InitialPollInterval && o.MaxWait > TimeSpan.Zero,
                $"{BulkExportOptions.Section}: poll intervals and MaxWait must be positive, MaxPollInterval ≥ InitialPollInterval")
            .ValidateOnStart();
        services.AddOptions<EhrResilienceOptions>().BindConfiguration(EhrResilienceOptions.Section)
            .Validate(o => o.MaxRetryAttempts >= 0 && o.AttemptTimeout > TimeSpan.Zero && o.TotalTimeout > o.AttemptTimeout,
                $"{EhrResilienceOptions.Section}: TotalTimeout must exceed AttemptTimeout, and retries must not be negative")
            .Validate(o => o.CircuitBreakerSamplingDuration >= 2 * o.AttemptTimeout,
                $"{EhrResilienceOptions.Section}: CircuitBreakerSamplingDuration must be at least twice AttemptTimeout")
            .ValidateOnStart();

        var fhir = services.AddHttpClient(EhrHttpClients.Fhir, c => c.Timeout = Timeout.InfiniteTimeSpan);
        var authentication = configuration.GetSection(EhrOptions.Section).GetValue<EhrAuthentication?>(nameof(EhrOptions.Authentication)) ?? EhrAuthentication.None;
        switch (authentication)
        {
            case EhrAuthentication.StaticToken:
                AddStaticToken(services);
                fhir.AddHttpMessageHandler<StaticTokenHandler>();
                break;
            case EhrAuthentication.SmartBackendServices:
                AddSmartBackendServices(services);
                fhir.AddHttpMessageHandler<SmartBackendServicesHandler>();
                break;
            case EhrAuthentication.Entra:
                AddEntra(services, configuration);
                fhir.AddHttpMessageHandler<EntraTokenHandler>();
                break;
        }
        // Added after the token handler, so it sits inside it: a retry reuses the token, a 401 is not retried here.
        fhir.AddEhrResilience();
        services.AddHttpClient(EhrHttpClients.Authorization).AddEhrResilience(retryAllMethods: true);
        services.AddHttpClient(EhrHttpClients.BulkFiles, c => c.Timeout = Timeout.InfiniteTimeSpan).AddEhrResilience();

        services.TryAddSingleton<EhrFhirClientFactory>();
        services.TryAddSingleton<EhrCapabilities>();
        services.TryAddSingleton<FhirSearchPager>();
        services.TryAddSingleton<IncrementalSearch>();
        services.TryAddSingleton<BulkExportClient>();
        return services;
    }

    private static void AddStaticToken(IServiceCollection services)
    {
        services.AddOptions<StaticTokenOptions>().BindConfiguration(StaticTokenOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Token), $"{StaticTokenOptions.Section}:Token is required when {EhrOptions.Section}:Authentication is StaticToken")
            .ValidateOnStart();
        services.TryAddTransient<StaticTokenHandler>();
    }

    private static void AddSmartBackendServices(IServiceCollection services)
    {
        const string section = SmartBackendServicesOptions.Section;
        services.AddOptions<SmartBackendServicesOptions>().BindConfiguration(section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ClientId), $"{section}:ClientId is required")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Scope), $"{section}:Scope is required")
            .Validate(o => o.Algorithm is "RS384" or "ES384", $"{section}:Algorithm must be RS384 or ES384")
            .Validate(o => o.AssertionLifetime > TimeSpan.Zero && o.AssertionLifetime <= TimeSpan.FromMinutes(5), $"{section}:AssertionLifetime must be more than 0 and at most 5 minutes (SMART Backend Services)")
            .Validate(o => o.TokenUrl is null || o.TokenUrl.IsAbsoluteUri, $"{section}:TokenUrl must be absolute")
            .Validate(o => !string.IsNullOrWhiteSpace(o.PrivateKeyPath) || !string.IsNullOrWhiteSpace(o.PrivateKeyPem) || o.GenerateDevelopmentKey,
                $"{section}: set PrivateKeyPath or PrivateKeyPem (or GenerateDevelopmentKey for development)")
            .ValidateOnStart();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SmartBackendServicesOptions>>().Value;
            var key = SigningKey.Load(options);
            if (string.IsNullOrWhiteSpace(options.PrivateKeyPem) && string.IsNullOrWhiteSpace(options.PrivateKeyPath))
                sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SigningKey))
                    .LogWarning("Generated a development {Algorithm} key {KeyId} for SMART Backend Services; the EHR must fetch the new JWKS", key.Algorithm, key.KeyId);
            return key;
        });
        services.TryAddSingleton(sp => new JwksDocument(sp.GetRequiredService<SigningKey>()));
        services.TryAddSingleton<ClientAssertionFactory>();
        services.TryAddSingleton(sp => new SmartBackendServicesTokenProvider(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<EhrOptions>>(),
            sp.GetRequiredService<IOptions<SmartBackendServicesOptions>>(),
            sp.GetRequiredService<ClientAssertionFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SmartBackendServicesTokenProvider>>()));
        services.TryAddTransient<SmartBackendServicesHandler>();
    }

    /// <summary>Microsoft.Identity.Web token acquisition (Entra ID only), registered only when chosen.</summary>
    private static void AddEntra(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EntraOptions>().BindConfiguration(EntraOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.TenantId) && !string.IsNullOrWhiteSpace(o.ClientId),
                $"{EntraOptions.Section}:TenantId and ClientId are required when {EhrOptions.Section}:Authentication is Entra")
            .ValidateOnStart();
        services.Configure<MicrosoftIdentityApplicationOptions>(configuration.GetSection(EntraOptions.Section));
        services.AddTokenAcquisition(isTokenAcquisitionSingleton: true);
        services.AddInMemoryTokenCaches();
        services.TryAddTransient<EntraTokenHandler>();
    }
}
