namespace AllianceFhir.Smart.Session;

/// <summary>The current request's SMART session, put there by the launch layer.</summary>
public static class SmartSessionHttpContextExtensions
{
    /// <summary>The session of a request under <c>MapPatientApi()</c> or <c>/api/context</c>.</summary>
    /// <exception cref="InvalidOperationException">The request has no session (an endpoint outside the patient API group).</exception>
    public static ISmartSession GetSmartSession(this HttpContext context) =>
        context.Features.Get<ISmartSession>()
        ?? throw new InvalidOperationException("This request has no SMART session; map the endpoint under MapPatientApi().");

    /// <summary>The session, or null when the browser has not launched the app.</summary>
    public static ISmartSession? FindSmartSession(this HttpContext context) => context.Features.Get<ISmartSession>();
}
