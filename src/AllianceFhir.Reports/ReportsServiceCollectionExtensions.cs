using Microsoft.Extensions.Options;

namespace AllianceFhir.Reports;

/// <summary>Registers the report library: its options (validated on start, messages naming their key), stores and services.</summary>
public static class ReportsServiceCollectionExtensions
{
    /// <summary>Report stores, computation and publishing (the host adds the monthly job and the endpoint).</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        const string section = ReportsOptions.Section;
        services.AddOptions<ReportsOptions>().BindConfiguration(section)
            .Validate(o => o.SuppressBelow is >= 0 and <= 1000, $"{section}:{nameof(ReportsOptions.SuppressBelow)} must be 0–1000 (11: counts 1–10 shown as <11)")
            .Validate(o => !string.IsNullOrWhiteSpace(o.MonthlyCron), $"{section}:{nameof(ReportsOptions.MonthlyCron)} is required")
            .ValidateOnStart();
        services.AddSingleton<PatientStore>();
        services.AddSingleton<MeasureReportStore>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<PatientDemographicsRefresher>();
        services.AddSingleton<MeasureReportPublisher>();
        return services;
    }
}
