using AllianceFhir.Sandbox.Hosting;
using AllianceFhir.Sandbox.Launcher;
using AllianceFhir.Sandbox.Proxy.Compartment;

namespace AllianceFhir.Sandbox.Proxy;

internal static class ProxyServiceCollectionExtensions
{
    public static IServiceCollection AddFhirProxy(this IServiceCollection services, SandboxUrls urls)
    {
        services.AddHttpForwarder();
        services.AddHttpClient(CohortDirectory.UpstreamClient, client =>
        {
            client.BaseAddress = new Uri(urls.FhirUpstreamUrl + "/");
            client.DefaultRequestHeaders.Accept.ParseAdd("application/fhir+json");
        });
        services.AddSingleton<CohortDirectory>();
        services.AddSingleton(_ => new PatientCompartment(PatientCompartmentDefinition.R4, urls));
        return services;
    }

    /// <summary>The token and scope checks (middleware, before the endpoints) and the forwarder for /fhir/*.</summary>
    public static WebApplication UseFhirProxy(this WebApplication app, SandboxUrls urls)
    {
        _ = app.Services.GetRequiredService<PatientCompartment>(); // reads the CompartmentDefinition now, not on the first request
        app.UseMiddleware<FhirAccessMiddleware>();
        app.MapForwarder("/fhir/{**rest}", urls.FhirUpstreamUrl, FhirProxyTransforms.Configure(urls));
        app.MapForwarder("/fhir", urls.FhirUpstreamUrl, FhirProxyTransforms.Configure(urls));
        return app;
    }
}
