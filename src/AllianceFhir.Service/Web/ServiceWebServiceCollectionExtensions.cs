using System.Threading.RateLimiting;
using AllianceFhir.Reports;
using AllianceFhir.Service.Reports;
using AllianceFhir.State;
using Hangfire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Identity.Web;

namespace AllianceFhir.Service.Web;

public static class ServiceWebServiceCollectionExtensions
{
    public const string OperatorPolicy = "operator";
    public const string OperatorScheme = "Operator";
    public const string CookieScheme = "OperatorCookie";
    public const string DashboardPath = "/hangfire";

    /// <summary>
    /// Operator authentication: a cookie from the sign-in form, an Entra bearer token when "AzureAd" is configured,
    /// and Basic on /api only when <c>Admin:AllowBasicForApi</c> is set; antiforgery (which Hangfire's dashboard
    /// checks on every POST once it is registered); health checks.
    /// </summary>
    public static IServiceCollection AddServiceWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminCredentialOptions>().BindConfiguration(AdminCredentialOptions.Section);
        var entra = configuration.GetSection("AzureAd").Exists();
        var basicForApi = configuration.GetValue<bool>($"{AdminCredentialOptions.Section}:{nameof(AdminCredentialOptions.AllowBasicForApi)}");
        var authentication = services.AddAuthentication(OperatorScheme)
            .AddPolicyScheme(OperatorScheme, null, o => o.ForwardDefaultSelector = context =>
            {
                var header = context.Request.Headers.Authorization.ToString();
                if (entra && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return JwtBearerDefaults.AuthenticationScheme;
                if (basicForApi && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && context.Request.Path.StartsWithSegments("/api"))
                    return AdminCredentialHandler.SchemeName;
                return CookieScheme;
            })
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "AllianceFhir.Operator";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure whenever served over TLS, as it must be outside loopback
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = OperatorSignIn.SignInPath;
                o.LogoutPath = OperatorSignIn.SignOutPath;
                o.ReturnUrlParameter = "returnUrl";
                o.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, AdminCredentialHandler>(AdminCredentialHandler.SchemeName, null);
        // Entra-issued tokens for the service's own API (Microsoft.Identity.Web is Entra-only, which is right here).
        if (entra) authentication.AddMicrosoftIdentityWebApi(configuration, "AzureAd");
        services.AddAuthorizationBuilder().AddPolicy(OperatorPolicy, p => p.AddAuthenticationSchemes(OperatorScheme).RequireAuthenticatedUser());
        services.AddRazorComponents(); // the sign-in page is a Razor component rendered server-side (docs/adr/0010)
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "AllianceFhir.Antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = "X-CSRF-TOKEN"; // Hangfire's dashboard script sends the token in the header its page names
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // 10 sign-in attempts a minute per address: enough for a person, slow for a guesser. Setting, unverified.
            o.AddPolicy(OperatorSignIn.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) }));
        });
        services.AddSingleton<ServiceStart>();
        services.AddHostedService(sp => sp.GetRequiredService<ServiceStart>());
        services.AddSingleton<SafetySweepHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<StateHealthCheck>("state", tags: ["ready"])
            .AddCheck("hangfire", () => JobStorage.Current is null ? HealthCheckResult.Unhealthy() : HealthCheckResult.Healthy(), tags: ["ready"])
            .AddCheck<SafetySweepHealthCheck>("safety-sweep", tags: ["ready"]);
        return services;
    }

    /// <summary>A browser asking for a page goes to the sign-in form; an API client gets the status code.</summary>
    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (status == StatusCodes.Status401Unauthorized && !context.Request.Path.StartsWithSegments("/api") && HttpMethods.IsGet(context.Request.Method))
            context.Response.Redirect(context.RedirectUri);
        else context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    public static WebApplication MapServiceWeb(this WebApplication app)
    {
        app.UseOperatorPageHeaders();
        app.UseCors(); // before authentication: browser preflights to CDS Hooks carry no token
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
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
        app.MapOperatorSignIn();
        // SMART Backend Services: the EHR verifies our client assertions with this key set (public keys only).
        if (app.Services.GetService<AllianceFhir.Ehr.Auth.JwksDocument>() is { } jwks)
            app.MapGet("/.well-known/jwks.json", () => Results.Text(jwks.ToJson(), AllianceFhir.Ehr.Auth.JwksDocument.ContentType)).AllowAnonymous();
        var openOnLoopback = app.Environment.IsDevelopment();
        // Hangfire checks the antiforgery token on every non-GET dashboard request once IAntiforgery is registered
        // (Hangfire.AspNetCore 1.8 AspNetCoreDashboardMiddleware); IgnoreAntiforgeryToken stays false.
        var dashboard = app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new DashboardAuthorizationFilter(openOnLoopback)],
            DisplayStorageConnectionString = false,
            AppPath = OperatorSignIn.SignInPath, // the dashboard's "back to site" link: the page with the sign-out button
            IgnoreAntiforgeryToken = false,
        });
        if (!openOnLoopback) dashboard.RequireAuthorization(OperatorPolicy); // anonymous browsers go to the sign-in form
        return app;
    }
}
