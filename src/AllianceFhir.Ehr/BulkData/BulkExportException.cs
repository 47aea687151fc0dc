using System.Net;
using AllianceFhir.Ehr.Client;

namespace AllianceFhir.Ehr.BulkData;

/// <summary>A Bulk Data export failed: the message names the URL and the server's OperationOutcome text.</summary>
public sealed class BulkExportException(string message, string url, HttpStatusCode? statusCode = null, string? operationOutcome = null, Exception? inner = null)
    : EhrResponseException(message, url, statusCode, operationOutcome, inner);
