using Microsoft.Extensions.Options;

namespace AllianceFhir.Reports;

public static class ReportsRegistration
{
    /// <summary>Report stores, computation and publishing (the host adds the monthly job and the endpoint).</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddOptions<ReportsOptions>().BindConfiguration(ReportsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PatientStore>();
        services.AddSingleton<MeasureReportStore>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<PatientDemographicsRefresher>();
        services.AddSingleton<MeasureReportPublisher>();
        return services;
    }
}
