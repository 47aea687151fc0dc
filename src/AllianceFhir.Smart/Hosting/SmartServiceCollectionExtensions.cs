using AllianceFhir.Ehr.Resilience;
using AllianceFhir.Smart.Launch;
using AllianceFhir.Smart.Security;
using AllianceFhir.Smart.Session;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Smart.Hosting;

/// <summary>Registrations of the launch, session and security layer.</summary>
public static class SmartServiceCollectionExtensions
{
    /// <summary>
    /// CHIPS: a cookie set inside the EHR's iframe is kept in a jar partitioned by the EHR's site, so browsers that
    /// block third-party cookies (Chromium does here) still keep the launch and the session inside the frame.
    /// </summary>
    private const string PartitionedCookie = "Partitioned";

    /// <summary>The <c>Smart</c> options (validated on start) and the HttpClients to the EHRs, with resilience.</summary>
    public static IServiceCollection AddSmartOptions(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SmartOptions>().BindConfiguration(SmartOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmartOptions>, SmartOptionsValidator>();
        // A clinician is waiting: shorter than the nightly service's defaults (Ehr:Resilience); override in Smart:Resilience.
        services.AddOptions<EhrResilienceOptions>()
            .Configure(o =>
            {
                o.MaxRetryAttempts = 2;
                o.BaseDelay = TimeSpan.FromSeconds(1);
                o.MaxDelay = TimeSpan.FromSeconds(5);
                o.MaxRetryAfter = TimeSpan.FromSeconds(10);
                o.AttemptTimeout = TimeSpan.FromSeconds(15);
                o.TotalTimeout = TimeSpan.FromSeconds(45);
                o.CircuitBreakerSamplingDuration = TimeSpan.FromSeconds(60);
            })
            .BindConfiguration("Smart:Resilience")
            .Validate(o => o.MaxRetryAttempts >= 0 && o.AttemptTimeout > TimeSpan.Zero && o.TotalTimeout > o.AttemptTimeout
                           && o.CircuitBreakerSamplingDuration >= 2 * o.AttemptTimeout,
                "Smart:Resilience: TotalTimeout must exceed AttemptTimeout, CircuitBreakerSamplingDuration must be at least twice AttemptTimeout")
            .ValidateOnStart();
        services.AddHttpClient(SmartDiscovery.HttpClientName).AddEhrResilience();
        services.AddHttpClient(SmartTokenClient.HttpClientName).AddEhrResilience();
        services.AddHttpClient(SmartSession.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan).AddEhrResilience();
        return services;
    }

    /// <summary>
    /// SMART App Launch (the OAuth handler subclass) signing in to a cookie session whose ticket lives server-side,
    /// antiforgery, the launch-patient policy and the "session ended" answer.
    /// </summary>
    public static IServiceCollection AddSmartLaunchAndSession(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddDistributedMemoryCache();
        services.AddRazorComponents(); // the launch pages are Razor components rendered server-side (docs/adr/0010)
        services.AddDataProtection().SetApplicationName("AllianceFhir.Smart");
        services.TryAddSingleton<EhrRegistry>();
        services.TryAddSingleton<SmartDiscovery>();
        services.TryAddSingleton<SmartTokenClient>();
        services.TryAddSingleton<IdTokenValidator>();
        services.TryAddSingleton<StateReplayGuard>();
        services.TryAddSingleton<ITicketStore, DistributedTicketStore>();
        services.TryAddSingleton<SmartSessionTokens>();
        services.TryAddSingleton<EhrAlertChannels>();
        services.TryAddSingleton<SessionRevocation>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartAuthenticationDefaults.CookieScheme;
                o.DefaultChallengeScheme = SmartAuthenticationDefaults.CookieScheme;
            })
            .AddCookie(SmartAuthenticationDefaults.CookieScheme, o =>
            {
                o.Cookie.Name = "__Host-alliancefhir-session";
                o.Cookie.Path = "/";
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.None; // sent inside the EHR's iframe
                o.Cookie.IsEssential = true;
                o.Cookie.Extensions.Add(PartitionedCookie);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = c => ApiProblems.NoSessionAsync(c.HttpContext);
                o.Events.OnRedirectToAccessDenied = c => ApiProblems.OtherPatientAsync(c.HttpContext);
            })
            .AddOAuth<SmartAuthenticationOptions, SmartAuthenticationHandler>(SmartAuthenticationDefaults.Scheme, "SMART on FHIR", o =>
            {
                o.SignInScheme = SmartAuthenticationDefaults.CookieScheme;
                o.CorrelationCookie.Extensions.Add(PartitionedCookie);
                o.Events.OnRemoteFailure = async c =>
                {
                    var failure = SignInFailure.From(c.Failure, c.Properties);
                    // The EHR's error and the sanitised description, the launch kind; never a token, code or patient data.
                    c.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SmartAuthenticationHandler))
                        .LogWarning("SMART sign-in failed ({Launch} launch from {Iss}): EHR error {Error}: {Description}; {Reason}",
                            failure.Standalone ? "standalone" : "EHR", c.Properties?.GetString(SmartAuthenticationDefaults.IssKey), failure.Error, failure.Description,
                            failure.Reason ?? (failure.StateProblem ? c.Failure?.Message : null));
                    await LaunchPages.WriteAsync(c.HttpContext, LaunchPages.SignInFailed(failure));
                    c.HandleResponse();
                };
            });
        services.AddOptions<CookieAuthenticationOptions>(SmartAuthenticationDefaults.CookieScheme)
            .Configure<ITicketStore, IOptions<SmartOptions>>((o, store, smart) =>
            {
                o.SessionStore = store;
                o.ExpireTimeSpan = smart.Value.SessionIdleTimeout;
            });

        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryMiddleware.HeaderName;
            o.Cookie.Name = "__Host-alliancefhir-csrf";
            o.Cookie.Path = "/";
            // Antiforgery refuses SecurePolicy=Always on a plain-http request (http://127.0.0.1 in development and the
            // sandbox); the cookie policy middleware (UseSmartCookiePolicy) marks it Secure anyway, as every app cookie.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.None;
            o.Cookie.Extensions.Add(PartitionedCookie);
            o.SuppressXFrameOptionsHeader = true; // framing is governed by CSP frame-ancestors
        });
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, LaunchPatientRequirement>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, PortalUserRequirement>();
        services.AddAuthorizationBuilder()
            .AddPolicy(LaunchPatientRequirement.Policy, p => p.RequireAuthenticatedUser().AddRequirements(new LaunchPatientRequirement()))
            .AddPolicy(PortalUserRequirement.Policy, p => p.RequireAuthenticatedUser().AddRequirements(new PortalUserRequirement()));

        services.AddProblemDetails();
        services.AddExceptionHandler<SessionEndedExceptionHandler>();
        services.AddExceptionHandler<Features.Ehr.EhrFailureExceptionHandler>();
        return services;
    }
}
