using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AllianceFhir.Ehr.Tests.Support;

/// <summary>The library as a host registers it (AddEhr), with the stub as every HttpClient's transport.</summary>
public static class TestEhr
{
    public const string BaseUrl = "https://ehr.test/fhir/r4";

    public static ServiceProvider Build(
        StubHttpHandler stub,
        IDictionary<string, string?>? settings = null,
        TimeProvider? time = null,
        Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Ehr:FhirBaseUrl"] = BaseUrl,
            ["Ehr:PageSize"] = "2",
            ["Ehr:Resilience:BaseDelay"] = "00:00:00.010",
            ["Ehr:Resilience:MaxDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        if (time is not null) services.AddSingleton(time);
        services.AddEhr(configuration);
        services.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(() => stub));
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static HttpClient FhirHttp(this IServiceProvider services) =>
        services.GetRequiredService<IHttpClientFactory>().CreateClient(EhrHttpClients.Fhir);
}
