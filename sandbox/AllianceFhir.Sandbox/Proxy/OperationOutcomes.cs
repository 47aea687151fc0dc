using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Sandbox.Proxy;

/// <summary>Writes the proxy's refusals as FHIR OperationOutcomes (what a FHIR client expects from an EHR).</summary>
internal static class OperationOutcomes
{
    private static readonly FhirJsonSerializer Serializer = new();

    public static async System.Threading.Tasks.Task WriteAsync(HttpResponse response, int status, OperationOutcome.IssueType code, string message)
    {
        var outcome = new OperationOutcome
        {
            Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = code, Diagnostics = message }],
        };
        response.StatusCode = status;
        response.ContentType = "application/fhir+json; charset=utf-8";
        var body = Serializer.SerializeToString(outcome);
        response.ContentLength = System.Text.Encoding.UTF8.GetByteCount(body);
        await response.WriteAsync(body);
    }
}
