using AllianceFhir.Service.Hosting;
using AllianceFhir.Service.Nightly;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Web;

/// <summary>
/// Not ready while the <c>safety-sweep</c> recurring job is missing (removed from the dashboard, never registered),
/// broken, or has not run within twice its interval (from <c>Jobs:SafetySweepCron</c>). PHQ-9 item 9 must reach a
/// clinician within minutes (docs/domain.md §2), so losing the sweep has to show. A fresh start has twice the interval
/// from <see cref="ServiceStart"/> before a missing execution counts.
/// </summary>
public sealed class SafetySweepHealthCheck(JobStorage storage, IOptions<NightlyOptions> options, ServiceStart start, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var jobs = options.Value;
        RecurringJobDto job;
        try
        {
            using var connection = storage.GetConnection();
            job = connection.GetRecurringJobs([SafetySweepJob.JobId]).Single();
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or TimeoutException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire storage unreachable: the safety sweep cannot be checked"));
        }
        if (job.Removed) return Task.FromResult(HealthCheckResult.Unhealthy($"the recurring job '{SafetySweepJob.JobId}' is missing: restart the service to register it again"));
        if (job.Error is not null) return Task.FromResult(HealthCheckResult.Unhealthy($"the recurring job '{SafetySweepJob.JobId}' cannot be scheduled"));

        var interval = SafetySweepSchedule.Interval(jobs.SafetySweepCron, TimeZoneInfo.FindSystemTimeZoneById(jobs.TimeZone), now);
        if (interval is null) return Task.FromResult(HealthCheckResult.Unhealthy($"Jobs:SafetySweepCron '{jobs.SafetySweepCron}' never fires"));
        var allowed = 2 * interval.Value;
        var last = job.LastExecution is { } l ? new DateTimeOffset(DateTime.SpecifyKind(l, DateTimeKind.Utc)) : (DateTimeOffset?)null;
        if (last is { } ran && now - ran <= allowed) return Task.FromResult(HealthCheckResult.Healthy());
        if (now - start.At <= allowed) return Task.FromResult(HealthCheckResult.Healthy("started recently: the safety sweep has not run yet"));
        return Task.FromResult(HealthCheckResult.Unhealthy(last is null
            ? $"the safety sweep has not run since the service started, more than {allowed.TotalMinutes:0.#} minutes ago (twice its interval)"
            : $"the safety sweep last ran {(now - last.Value).TotalMinutes:0.#} minutes ago, more than twice its interval ({allowed.TotalMinutes:0.#} minutes)"));
    }
}
