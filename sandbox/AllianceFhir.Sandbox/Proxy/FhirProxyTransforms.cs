using System.Text;
using System.Text.Json;
using AllianceFhir.Sandbox.Hosting;
using Hl7.Fhir.Model;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace AllianceFhir.Sandbox.Proxy;

/// <summary>
/// YARP transforms for <c>/fhir/*</c>: strip the <c>/fhir</c> prefix onto the upstream base, ask for an uncompressed
/// body, and on the way back rewrite every upstream absolute URL (Bundle links, fullUrl, Location) to the sandbox's FHIR
/// base so clients never see the upstream, and refuse a patient-level read of another patient's resource.
/// </summary>
internal static class FhirProxyTransforms
{
    public static Action<TransformBuilderContext> Configure(SandboxUrls urls) => builder =>
    {
        builder.AddPathRemovePrefix("/fhir");
        builder.AddRequestHeaderRemove("Accept-Encoding");
        builder.AddResponseTransform(context => RewriteAsync(context, urls));
    };

    private static async ValueTask RewriteAsync(ResponseTransformContext context, SandboxUrls urls)
    {
        var response = context.HttpContext.Response;
        foreach (var header in new[] { "Location", "Content-Location" })
        {
            if (response.Headers.TryGetValue(header, out var value) && value.ToString() is { Length: > 0 } text)
                response.Headers[header] = Rewrite(text, urls);
        }
        if (context.ProxyResponse?.Content is not { } content || content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
            return;

        context.SuppressResponseBody = true;
        var body = await content.ReadAsStringAsync(context.CancellationToken);
        if (context.HttpContext.Items[FhirAccessMiddleware.CompartmentItem] is string patient
            && context.ProxyResponse.IsSuccessStatusCode
            && context.HttpContext.Items[FhirAccessMiddleware.TargetItem] is FhirTarget { Interaction: 'r' }
            && !InCompartment(body, patient))
        {
            response.Headers.Remove("ETag");
            response.Headers.Remove("Last-Modified");
            await OperationOutcomes.WriteAsync(response, StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden,
                "A patient-level token may only read resources about its own patient.");
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(Rewrite(body, urls));
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.CancellationToken);
    }

    private static bool InCompartment(string body, string patient)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return PatientCompartment.Contains(doc.RootElement, patient);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Rewrite(string text, SandboxUrls urls) => text.Replace(urls.FhirUpstreamUrl, urls.FhirBaseUrl, StringComparison.Ordinal);
}
