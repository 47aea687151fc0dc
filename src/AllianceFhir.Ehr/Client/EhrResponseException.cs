using System.Net;

namespace AllianceFhir.Ehr.Client;

/// <summary>
/// The EHR answered with an error, or with something that is not the FHIR it should be. The message names the URL
/// (search values redacted: they can identify a patient) and the OperationOutcome's text when the EHR sent one.
/// </summary>
public class EhrResponseException : Exception
{
    public EhrResponseException(string message, string url, HttpStatusCode? statusCode = null, string? operationOutcome = null, Exception? inner = null)
        : base(Compose(message, url, statusCode, operationOutcome), inner)
    {
        Url = url;
        StatusCode = statusCode;
        OperationOutcome = operationOutcome;
    }

    /// <summary>The request URL, with the values of identifying search parameters replaced by "…".</summary>
    public string Url { get; }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>The text of the EHR's OperationOutcome issues, if it sent one.</summary>
    public string? OperationOutcome { get; }

    private static string Compose(string message, string url, HttpStatusCode? status, string? outcome)
    {
        var text = $"{message} ({url}";
        if (status is { } s) text += $" answered {(int)s} {s}";
        text += ")";
        if (!string.IsNullOrWhiteSpace(outcome)) text += $": {outcome}";
        return text;
    }
}
