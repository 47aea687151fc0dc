using Microsoft.AspNetCore.Authentication;

namespace AllianceFhir.Smart.Launch;

/// <summary>
/// <c>GET /launch</c>: EHR launch (<c>?iss=..&amp;launch=..</c>) or standalone launch (<c>?iss=..</c>) for clinicians;
/// <c>GET /patient/launch</c>: the same for a client or their parent or carer (from a patient portal, or standalone),
/// asking for the client's scopes and landing on the client's page.
/// </summary>
public static class LaunchEndpoints
{
    public static IEndpointRouteBuilder MapSmartLaunch(this IEndpointRouteBuilder app)
    {
        app.MapGet(SmartAuthenticationDefaults.LaunchPath, (HttpContext context, EhrRegistry registry, ILoggerFactory loggers, string? iss, string? launch) =>
            LaunchAsync(context, registry, loggers, iss, launch, patientFacing: false)).AllowAnonymous();
        app.MapGet(SmartAuthenticationDefaults.PatientLaunchPath, (HttpContext context, EhrRegistry registry, ILoggerFactory loggers, string? iss, string? launch) =>
            LaunchAsync(context, registry, loggers, iss, launch, patientFacing: true)).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> LaunchAsync(HttpContext context, EhrRegistry registry, ILoggerFactory loggers, string? iss, string? launch, bool patientFacing)
    {
        // The allow-list is checked before anything else: an unknown iss never causes a request.
        if (!registry.TryFind(iss, out _)) return LaunchPages.UnknownIss(iss);

        var properties = new AuthenticationProperties { RedirectUri = patientFacing ? SmartAuthenticationDefaults.PatientHomePath : "/" };
        if (patientFacing) properties.Items[SmartAuthenticationDefaults.PatientFacingKey] = "true";
        properties.Items[SmartAuthenticationDefaults.IssKey] = iss!.Trim();
        if (!string.IsNullOrWhiteSpace(launch)) properties.Items[SmartAuthenticationDefaults.LaunchKey] = launch;
        try
        {
            await context.ChallengeAsync(SmartAuthenticationDefaults.Scheme, properties);
            return Results.Empty;
        }
        catch (Exception e) when (e is SmartLaunchException or HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or Polly.ExecutionRejectedException)
        {
            loggers.CreateLogger(typeof(LaunchEndpoints)).LogWarning(e, "SMART discovery failed for an allowed EHR");
            context.Response.Headers.Remove("Set-Cookie");
            return LaunchPages.EhrUnreachable();
        }
    }
}
