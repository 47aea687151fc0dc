using AllianceFhir.Sandbox.Hosting;
using AllianceFhir.Sandbox.Launcher;

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
        return services;
    }

    /// <summary>The token and scope checks (middleware, before the endpoints) and the forwarder for /fhir/*.</summary>
    public static WebApplication UseFhirProxy(this WebApplication app, SandboxUrls urls)
    {
        app.UseMiddleware<FhirAccessMiddleware>();
        app.MapForwarder("/fhir/{**rest}", urls.FhirUpstreamUrl, FhirProxyTransforms.Configure(urls));
        app.MapForwarder("/fhir", urls.FhirUpstreamUrl, FhirProxyTransforms.Configure(urls));
        return app;
    }
}
