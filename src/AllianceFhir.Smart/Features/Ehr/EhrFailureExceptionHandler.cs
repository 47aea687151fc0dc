using AllianceFhir.Ehr.WriteBack;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Routing;

namespace AllianceFhir.Smart.Features.Ehr;

/// <summary>
/// The one mapping from EHR failures to the app's answers, for every endpoint (they no longer catch them one by one):
/// an EHR that answered an error or something unreadable (<see cref="EhrRequestException"/>) is 502 problem+json; a
/// write the EHR did not confirm (<see cref="WriteBackIncompleteException"/>) is 503, safe to send again because
/// write-back finds what was already saved. The EHR's body is never logged (it may name the patient).
/// </summary>
internal sealed class EhrFailureExceptionHandler(ILogger<EhrFailureExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var answer = exception switch
        {
            EhrRequestException e => Results.Problem(statusCode: StatusCodes.Status502BadGateway,
                title: "The EHR did not answer as expected", detail: e.Message),
            WriteBackIncompleteException => Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The EHR did not confirm the save", detail: "Nothing is lost: submit again and the app will find what was already saved."),
            _ => null,
        };
        if (answer is null) return false;
        // The route pattern, not the path: the path carries the patient id.
        logger.LogWarning("{Route}: {Failure} from the EHR", (httpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)", exception.GetType().Name);
        await answer.ExecuteAsync(httpContext);
        return true;
    }
}
