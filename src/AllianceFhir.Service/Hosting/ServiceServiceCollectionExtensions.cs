using AllianceFhir.Core.Trajectories;
using AllianceFhir.Ehr;
using AllianceFhir.Ehr.Clinical;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.Reports;
using AllianceFhir.Service.Ingest;
using AllianceFhir.Service.Nightly;
using AllianceFhir.Service.Reports;
using AllianceFhir.State;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Hosting;

public static class ServiceServiceCollectionExtensions
{
    /// <summary>State, engine, EHR endpoint, write-back and jobs; Hangfire storage and server.</summary>
    public static IServiceCollection AddService(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WriteBackOptions>().BindConfiguration(WriteBackOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WriteBackOptions>>(new WriteBackOptionsValidator(WriteBackOptions.Section));
        services.AddOptions<NightlyOptions>().BindConfiguration(NightlyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NightlyOptions>, NightlyOptionsValidator>();
        const string hangfire = HangfireOptions.Section;
        services.AddOptions<HangfireOptions>().BindConfiguration(hangfire)
            .Validate(o => Enum.IsDefined(o.Storage), $"{hangfire}:{nameof(HangfireOptions.Storage)} must be InMemory or Postgres")
            .Validate(o => o.Workers is >= 1 and <= 64, $"{hangfire}:{nameof(HangfireOptions.Workers)} must be 1–64")
            .Validate(o => o.InvisibilityTimeout >= TimeSpan.FromSeconds(10) && o.InvisibilityTimeout <= TimeSpan.FromHours(1),
                $"{hangfire}:{nameof(HangfireOptions.InvisibilityTimeout)} must be 10 s to 1 h")
            .Validate(o => o.DistributedLockTimeout >= TimeSpan.FromSeconds(10) && o.DistributedLockTimeout <= TimeSpan.FromHours(1),
                $"{hangfire}:{nameof(HangfireOptions.DistributedLockTimeout)} must be 10 s to 1 h")
            .ValidateOnStart();
        services.AddOptions<EndpointOptions>().BindConfiguration(EndpointOptions.Section);

        services.AddSingleton(TimeProvider.System);
        services.AddState();
        services.AddSingleton<IWriteLedger>(sp => sp.GetRequiredService<LedgerStore>());
        services.AddSingleton<IProvenanceLedger>(sp => sp.GetRequiredService<ProvenanceTargetStore>());
        services.AddSingleton<Alerts.PatientAlertRecorder>();
        services.AddClinicalSettings();
        services.AddSingleton<Alerts.AlertLifecycle>();
        services.AddOptions<Alerts.AlertsOptions>().BindConfiguration(Alerts.AlertsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Alerts.AlertsOptions>, Alerts.AlertsOptionsValidator>();
        services.AddSingleton<Alerts.AlertReadBack>();
        services.AddSingleton<Alerts.AlertEscalator>();
        services.AddSingleton(sp => new EngineContext(
            ProfileDirectory.LoadCatalogue(configuration[ClinicalSettingsServiceCollectionExtensions.ProfilesKey]),
            sp.GetRequiredService<TrajectorySettings>()));
        services.AddSingleton<WriteBackService>();
        services.AddEhrEndpoint(configuration);

        services.AddTransient<NightlyScoringJob>();
        services.AddSingleton<YoungPersonLabels>();
        services.AddTransient<ScorePatientsBatchJob>();
        services.AddTransient<SafetySweepJob>();
        services.AddSingleton<IBatchDispatcher, HangfireBatchDispatcher>();
        services.AddReports();
        // The monthly job's cron is read here, where it is scheduled (in Jobs:TimeZone, like the other jobs).
        services.AddOptions<ReportsOptions>()
            .Validate(o => CronSetting.Problem(o.MonthlyCron) is null,
                $"{ReportsOptions.Section}:{nameof(ReportsOptions.MonthlyCron)} must be a cron expression (five fields, or six with seconds first, e.g. 0 4 1 * *)")
            .ValidateOnStart();
        services.AddTransient<MonthlyReportJob>();
        services.AddOptions<Plans.MeasurementPlansOptions>().BindConfiguration(Plans.MeasurementPlansOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Plans.MeasurementPlansOptions>, Plans.MeasurementPlansOptionsValidator>();
        services.AddSingleton<Plans.PlanFactsReader>();
        services.AddSingleton<Plans.QuestionnaireAssigner>();
        services.AddSingleton<Plans.QuestionnaireTaskCompleter>();
        services.AddTransient<Plans.AssignQuestionnairesJob>();

        services.AddHangfire((sp, config) =>
        {
            var hangfire = sp.GetRequiredService<IOptions<HangfireOptions>>().Value;
            config.UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (hangfire.Storage == HangfireStorageKind.Postgres)
            {
                var connection = hangfire.ConnectionString ?? sp.GetRequiredService<IOptions<StateOptions>>().Value.ConnectionString;
                config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connection), new PostgreSqlStorageOptions
                {
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                    // A live worker keeps pushing its jobs' fetch time forward; a killed one stops, so its jobs are
                    // taken again one timeout after its death, not after a 30-minute default.
                    InvisibilityTimeout = hangfire.InvisibilityTimeout,
                    UseSlidingInvisibilityTimeout = true,
                    DistributedLockTimeout = hangfire.DistributedLockTimeout,
                });
            }
            else config.UseInMemoryStorage();
        });
        services.AddHangfireServer((sp, server) =>
        {
            var hangfire = sp.GetRequiredService<IOptions<HangfireOptions>>().Value;
            server.WorkerCount = hangfire.Workers;
            if (hangfire.ServerName is not null) server.ServerName = hangfire.ServerName;
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        return services;
    }

    /// <summary>The embedded ndjson folder, or a live FHIR server through AllianceFhir.Ehr's client.</summary>
    private static IServiceCollection AddEhrEndpoint(this IServiceCollection services, IConfiguration configuration)
    {
        var source = configuration.GetSection(EndpointOptions.Section).Get<EndpointOptions>() ?? new EndpointOptions();
        if (source.FhirServer is null)
        {
            services.AddSingleton<IEhrEndpoint>(sp => new NdjsonFolderEndpoint(source.NdjsonInput, source.NdjsonOutput, source.NdjsonMaxLineBytes, sp.GetRequiredService<EngineContext>().Catalogue));
            return services;
        }
        services.AddEhr(configuration);
        services.PostConfigure<EhrOptions>(o => o.FhirBaseUrl ??= source.FhirServer);
        services.AddSingleton<IEhrEndpoint, FhirServerEndpoint>();
        return services;
    }

    /// <summary>Registers the recurring jobs with their crons (read in the configured time zone).</summary>
    public static void ScheduleRecurringJobs(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<NightlyOptions>>().Value;
        var jobs = services.GetRequiredService<IRecurringJobManager>();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        jobs.AddOrUpdate<NightlyScoringJob>(NightlyScoringJob.JobId, j => j.RunAsync(CancellationToken.None), options.NightlyCron, new RecurringJobOptions { TimeZone = zone });
        jobs.AddOrUpdate<SafetySweepJob>(SafetySweepJob.JobId, j => j.RunAsync(CancellationToken.None), options.SafetySweepCron, new RecurringJobOptions { TimeZone = zone });
        var monthly = services.GetRequiredService<IOptions<ReportsOptions>>().Value.MonthlyCron;
        jobs.AddOrUpdate<MonthlyReportJob>(MonthlyReportJob.JobId, j => j.RunAsync(CancellationToken.None), monthly, new RecurringJobOptions { TimeZone = zone });
        var plans = services.GetRequiredService<IOptions<Plans.MeasurementPlansOptions>>().Value.Cron;
        jobs.AddOrUpdate<Plans.AssignQuestionnairesJob>(Plans.AssignQuestionnairesJob.JobId, j => j.RunAsync(CancellationToken.None), plans, new RecurringJobOptions { TimeZone = zone });
    }
}
