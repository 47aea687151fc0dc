using AllianceFhir.Core.Reports;
using AllianceFhir.Service.Web;
using AllianceFhir.Reports;

namespace AllianceFhir.Service.Reports;

/// <summary><c>GET /api/reports/{period}?format=json|csv|html</c>, operator only; every format is suppressed; served with a CSP, nosniff and no framing.</summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reports/{period}", async (string period, string? format, ReportService reports, HttpResponse response, CancellationToken ct) =>
            {
                OperatorPageHeaders.Apply(response, ReportHtml.ContentSecurityPolicy); // every format: the HTML one is a page
                if (!ReportPeriod.TryParse(period, out var p))
                    return Results.Problem($"period '{period}' is not a month written yyyy-MM (e.g. 2026-10)", statusCode: StatusCodes.Status400BadRequest);
                var result = await reports.FromStateAsync(p, ct);
                return (format ?? "json").ToLowerInvariant() switch
                {
                    "json" => Results.Text(ReportJson.Serialize(result.Table, result.Generated), "application/json"),
                    "csv" => Results.Text(ReportCsv.Indicators(result.Table), "text/csv"),
                    "html" => Results.Text(ReportHtml.Render(result.Table, result.Generated), "text/html"),
                    var other => Results.Problem($"format '{other}' is not json, csv or html", statusCode: StatusCodes.Status400BadRequest),
                };
            })
            .RequireAuthorization(ServiceWebServiceCollectionExtensions.OperatorPolicy);
        return app;
    }
}
