using Hangfire;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Reports;

public static class ReportsRegistration
{
    /// <summary>Report stores, computation, publishing and the monthly job.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddOptions<ReportsOptions>().BindConfiguration(ReportsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PatientStore>();
        services.AddSingleton<MeasureReportStore>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<PatientDemographicsRefresher>();
        services.AddSingleton<MeasureReportPublisher>();
        services.AddTransient<MonthlyReportJob>();
        return services;
    }

    public static void ScheduleMonthlyReport(IServiceProvider services, TimeZoneInfo zone)
    {
        var cron = services.GetRequiredService<IOptions<ReportsOptions>>().Value.MonthlyCron;
        services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<MonthlyReportJob>(MonthlyReportJob.JobId, j => j.RunAsync(CancellationToken.None), cron, new RecurringJobOptions { TimeZone = zone });
    }
}
