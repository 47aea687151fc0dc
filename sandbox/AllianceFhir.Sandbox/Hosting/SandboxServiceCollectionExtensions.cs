using AllianceFhir.Sandbox.Authorization;
using AllianceFhir.Sandbox.Discovery;
using AllianceFhir.Sandbox.Launcher;
using AllianceFhir.Sandbox.Portal;
using AllianceFhir.Sandbox.Proxy;

namespace AllianceFhir.Sandbox.Hosting;

internal static class SandboxServiceCollectionExtensions
{
    public static IServiceCollection AddSandbox(this IServiceCollection services, SandboxUrls urls)
    {
        services.AddSingleton(urls);
        services.AddSingleton(TimeProvider.System);
        services.AddRazorComponents(); // the launcher's pages are Razor components rendered server-side (docs/adr/0010)
        services.AddSandboxAuthorization(urls);
        services.AddFhirProxy(urls);
        return services;
    }

    public static WebApplication MapSandbox(this WebApplication app, SandboxUrls urls)
    {
        app.UseFhirProxy(urls);
        app.MapSmartConfiguration();
        app.MapSandboxAuthorization();
        app.MapLauncher();
        app.MapPortal();
        return app;
    }
}
