using System.Net;

namespace AllianceFhir.Smart.Features.Ehr;

/// <summary>The EHR refused or failed a request; the message names the request, never patient data.</summary>
public sealed class EhrRequestException(string message, HttpStatusCode status, string? body) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The EHR's answer (usually an OperationOutcome), passed on to the browser, not logged.</summary>
    public string? Body { get; } = body;
}
