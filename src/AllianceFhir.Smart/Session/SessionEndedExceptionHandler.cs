using AllianceFhir.Smart.Launch;
using AllianceFhir.Smart.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;

namespace AllianceFhir.Smart.Session;

/// <summary>
/// Turns <see cref="SmartSessionEndedException"/> into 401 problem+json ("launch again", with the URL to sign in again
/// after a standalone launch) and forgets the session: the server-side ticket is removed and the cookie cleared.
/// </summary>
internal sealed class SessionEndedExceptionHandler(ILogger<SessionEndedExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not SmartSessionEndedException ended) return false;
        logger.LogInformation("SMART session ended: {Reason}", ended.Message);
        var current = await httpContext.AuthenticateAsync(SmartAuthenticationDefaults.CookieScheme);
        var relaunch = current.Properties is { } p ? SignOutEndpoints.RelaunchUrl(p) : null;
        await httpContext.SignOutAsync(SmartAuthenticationDefaults.CookieScheme);
        await ApiProblems.SessionEndedAsync(httpContext, relaunch);
        return true;
    }
}
