using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AllianceFhir.Sandbox.Hosting;
using AllianceFhir.Sandbox.Proxy.Compartment;
using Hl7.Fhir.Model;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace AllianceFhir.Sandbox.Proxy;

/// <summary>
/// YARP transforms for <c>/fhir/*</c>: strip the <c>/fhir</c> prefix onto the upstream base, ask for an uncompressed
/// body, and on the way back rewrite every upstream absolute URL (Bundle links, fullUrl, Location) to the sandbox's FHIR
/// base so clients never see the upstream, and apply the request's <see cref="CompartmentGuard"/> to what comes back
/// (403 for a resource outside the patient's compartment, Bundle entries outside it dropped).
/// </summary>
internal static class FhirProxyTransforms
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
        if (context.ProxyResponse?.Content is not { } content) return;
        var guarded = context.HttpContext.Items[FhirAccessMiddleware.GuardItem] is CompartmentGuard
            && context.ProxyResponse.IsSuccessStatusCode;
        if (content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true && !guarded)
            return;

        context.SuppressResponseBody = true;
        var body = await content.ReadAsStringAsync(context.CancellationToken);
        if (guarded && body.Length > 0
            && context.HttpContext.Items[FhirAccessMiddleware.GuardItem] is CompartmentGuard guard
            && context.HttpContext.Items[FhirAccessMiddleware.TargetItem] is FhirTarget target)
        {
            // Only JSON is checked, so anything else (e.g. _format=xml) is refused rather than passed unread.
            var node = content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true ? Parse(body) : null;
            var (refused, changed) = node is null ? (true, false) : await guard.FilterAsync(node, target, context.CancellationToken);
            if (refused)
            {
                response.Headers.Remove("ETag");
                response.Headers.Remove("Last-Modified");
                response.Headers.Remove("Location");
                response.Headers.Remove("Content-Location");
                await OperationOutcomes.WriteAsync(response, StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden,
                    "A patient-level token may only read resources in its own patient's compartment.");
                return;
            }
            if (changed) body = node!.ToJsonString(Relaxed);
        }
        var bytes = Encoding.UTF8.GetBytes(Rewrite(body, urls));
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.CancellationToken);
    }

    private static JsonObject? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Rewrite(string text, SandboxUrls urls) => text.Replace(urls.FhirUpstreamUrl, urls.FhirBaseUrl, StringComparison.Ordinal);
}
