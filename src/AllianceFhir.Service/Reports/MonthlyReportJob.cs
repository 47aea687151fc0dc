using AllianceFhir.Core.Reports;
using AllianceFhir.Service.Ingest;
using Hangfire;
using Microsoft.Extensions.Options;
using AllianceFhir.Reports;

namespace AllianceFhir.Service.Reports;

/// <summary>
/// monthly-report: on the 1st of the month, the previous month's report from the service's state; MeasureReports to
/// the EHR (or kept by the service), and report files under Reports:OutputFolder/{period} when it is set.
/// </summary>
public sealed class MonthlyReportJob(
    ReportService reports,
    IEhrEndpoint ehr,
    MeasureReportPublisher publisher,
    IOptions<ReportsOptions> options,
    TimeProvider time,
    ILogger<MonthlyReportJob> log)
{
    public const string JobId = "monthly-report";

    [DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    [AutomaticRetry(Attempts = 3)]
    public Task<string> RunAsync(CancellationToken ct) => RunAsync(ReportPeriod.FromDate(time.GetUtcNow()).Previous().ToString(), ct);

    /// <param name="period">yyyy-MM (an id argument, so a run can be repeated for any month).</param>
    public async Task<string> RunAsync(string period, CancellationToken ct)
    {
        if (!ReportPeriod.TryParse(period, out var p)) throw new ArgumentException($"period '{period}' is not yyyy-MM", nameof(period));
        var result = await reports.FromStateAsync(p, ct);
        var measureReports = MeasureReportBuilder.Summaries(result.Table, result.Generated)
            .Concat(MeasureReportBuilder.SubjectLists(result.Table, result.Report, result.Generated)).ToList();
        var outcome = await publisher.PublishAsync(ehr, p.ToString(), measureReports, ct);
        if (options.Value.OutputFolder is { } folder) ReportFiles.Write(result, Path.Combine(folder, p.ToString()));
        log.LogInformation("Report {Period}: {Active} active patients; MeasureReports {Created} created, {Existed} existed, {Kept} kept in the service",
            p, result.Report.Overall.Active, outcome.Created, outcome.Existed, outcome.Kept);
        return p.ToString();
    }
}
