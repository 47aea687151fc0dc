using AllianceFhir.Smart.Launch;
using AllianceFhir.Smart.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;

namespace AllianceFhir.Smart.Session;

/// <summary>Turns <see cref="SmartSessionEndedException"/> into 401 problem+json ("launch again") and forgets the session.</summary>
internal sealed class SessionEndedExceptionHandler(ILogger<SessionEndedExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not SmartSessionEndedException ended) return false;
        logger.LogInformation("SMART session ended: {Reason}", ended.Message);
        await httpContext.SignOutAsync(SmartAuthenticationDefaults.CookieScheme);
        await ApiProblems.SessionEndedAsync(httpContext);
        return true;
    }
}
