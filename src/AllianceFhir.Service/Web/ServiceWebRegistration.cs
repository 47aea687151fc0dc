using AllianceFhir.Service.Hosting;
using AllianceFhir.Service.Reports;
using AllianceFhir.Service.State;
using Hangfire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Identity.Web;

namespace AllianceFhir.Service.Web;

public static class ServiceWebRegistration
{
    public const string OperatorPolicy = "operator";

    /// <summary>Authentication (Entra when "AzureAd" is configured, and/or the admin credential), health checks.</summary>
    public static IServiceCollection AddServiceWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminCredentialOptions>().BindConfiguration(AdminCredentialOptions.Section);
        var schemes = new List<string> { AdminCredentialHandler.SchemeName };
        var authentication = services.AddAuthentication(AdminCredentialHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AdminCredentialHandler>(AdminCredentialHandler.SchemeName, null);
        if (configuration.GetSection("AzureAd").Exists())
        {
            // Entra-issued tokens for the service's own API (Microsoft.Identity.Web is Entra-only, which is right here).
            authentication.AddMicrosoftIdentityWebApi(configuration, "AzureAd");
            schemes.Add(Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerDefaults.AuthenticationScheme);
        }
        services.AddAuthorizationBuilder().AddPolicy(OperatorPolicy, p => p.AddAuthenticationSchemes([.. schemes]).RequireAuthenticatedUser());
        services.AddHealthChecks()
            .AddCheck<StateHealthCheck>("state", tags: ["ready"])
            .AddCheck("hangfire", () => JobStorage.Current is null ? HealthCheckResult.Unhealthy() : HealthCheckResult.Healthy(), tags: ["ready"]);
        return services;
    }

    public static WebApplication MapServiceEndpoints(this WebApplication app)
    {
        app.UseCors(); // before authentication: browser preflights to CDS Hooks carry no token
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapGet("/api/quarantine", async (QuarantineStore store, int? limit, CancellationToken ct) =>
                Results.Ok(await store.ListAsync(Math.Clamp(limit ?? 100, 1, 1000), ct)))
            .RequireAuthorization(OperatorPolicy);
        // Escalated safety alerts, latest first: what the operator follows up (docs/adr/0008-alert-lifecycle.md).
        app.MapGet("/api/alerts/escalations", async (PatientAlertStore store, int? limit, CancellationToken ct) =>
                Results.Ok((await store.EscalatedAsync(Math.Clamp(limit ?? 100, 1, 1000), ct)).Select(Alerts.EscalationView.From)))
            .RequireAuthorization(OperatorPolicy);
        app.MapReportEndpoints();
        // SMART Backend Services: the EHR verifies our client assertions with this key set (public keys only).
        if (app.Services.GetService<AllianceFhir.Ehr.Auth.JwksDocument>() is { } jwks)
            app.MapGet("/.well-known/jwks.json", () => Results.Text(jwks.ToJson(), AllianceFhir.Ehr.Auth.JwksDocument.ContentType)).AllowAnonymous();
        var openOnLoopback = app.Environment.IsDevelopment();
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new DashboardAuthorizationFilter(openOnLoopback)],
            DisplayStorageConnectionString = false,
        });
        return app;
    }
}
