using System.CommandLine;
using AllianceFhir.Service.Hosting;
using AllianceFhir.Service.Nightly;
using AllianceFhir.State;
using Hangfire;
using Hangfire.Storage;

namespace AllianceFhir.Service.Cli;

/// <summary>
/// <c>run nightly-scoring|safety-sweep --once</c>: runs one job now through Hangfire (in-memory by default) and
/// waits for it, and for every batch it fans out, to finish. Without --fhir-server it reads the bundled cohort.
/// </summary>
public static class RunCommand
{
    public static Command Build()
    {
        var job = new Argument<string>("job") { Description = "nightly-scoring, safety-sweep or assign-questionnaires" };
        job.AcceptOnlyFromAmong(NightlyScoringJob.JobId, SafetySweepJob.JobId, Plans.AssignQuestionnairesJob.JobId);
        var once = new Option<bool>("--once") { Description = "Run the job once now and exit (required: the recurring schedule runs under 'serve')", Required = true };
        var fhir = new Option<string?>("--fhir-server") { Description = "A live FHIR R4 EHR's base URL (default: the embedded ndjson source)" };
        var input = new Option<string>("--input") { Description = "Embedded source: Bulk Data ndjson folder", DefaultValueFactory = _ => "samples/cohort" };
        var output = new Option<string>("--output") { Description = "Embedded source: folder the results are written to (and the SQLite state)", DefaultValueFactory = _ => "out/nightly" };
        var timeout = new Option<int>("--timeout-minutes") { DefaultValueFactory = _ => 60 };
        var command = new Command("run", "Run a service job once") { job, once, fhir, input, output, timeout };
        command.SetAction(async (parse, ct) =>
        {
            if (!parse.GetValue(once))
            {
                Console.Error.WriteLine("run: --once is required: the recurring schedule runs under 'serve'");
                return 2;
            }
            var outputFolder = Path.GetFullPath(parse.GetValue(output)!);
            Directory.CreateDirectory(outputFolder);
            var overrides = new Dictionary<string, string?>
            {
                ["Source:NdjsonInput"] = Path.GetFullPath(parse.GetValue(input)!),
                ["Source:NdjsonOutput"] = outputFolder,
            };
            if (parse.GetValue(fhir) is { } server)
            {
                if (!Uri.TryCreate(server, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                {
                    Console.Error.WriteLine($"run: --fhir-server: '{server}' is not an absolute http(s) URL");
                    return 2;
                }
                overrides["Source:FhirServer"] = url.ToString();
            }
            else if (!Directory.Exists(overrides["Source:NdjsonInput"]))
            {
                Console.Error.WriteLine($"run: --input: folder '{overrides["Source:NdjsonInput"]}' does not exist");
                return 2;
            }
            overrides["Logging:LogLevel:Default"] = "Warning";
            overrides["Logging:LogLevel:AllianceFhir"] = "Information";
            overrides["State:ConnectionString"] = Environment.GetEnvironmentVariable("State__ConnectionString") ?? $"Data Source={Path.Combine(outputFolder, "state.db")}";
            try
            {
                using var app = ServiceHost.BuildWorker(overrides);
                await app.StartAsync(ct);
                var outcome = await RunOnceAsync(app.Services, parse.GetValue(job)!, TimeSpan.FromMinutes(parse.GetValue(timeout)), ct);
                Console.Out.WriteLine(outcome.Report);
                await app.StopAsync(CancellationToken.None);
                return outcome.Succeeded ? 0 : 1;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException or IOException)
            {
                Console.Error.WriteLine($"run: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    public static async Task<RunOutcome> RunOnceAsync(IServiceProvider services, string job, TimeSpan timeout, CancellationToken ct)
    {
        var jobs = services.GetRequiredService<IBackgroundJobClient>();
        var storage = services.GetRequiredService<JobStorage>();
        var jobId = job switch
        {
            NightlyScoringJob.JobId => jobs.Enqueue<NightlyScoringJob>(j => j.RunAsync(CancellationToken.None)),
            Plans.AssignQuestionnairesJob.JobId => jobs.Enqueue<Plans.AssignQuestionnairesJob>(j => j.RunAsync(CancellationToken.None)),
            _ => jobs.Enqueue<SafetySweepJob>(j => j.RunAsync(CancellationToken.None)),
        };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);

        var result = await WaitForJobAsync(storage, jobId, deadline.Token);
        if (result.State != "Succeeded") return RunOutcome.Failed($"{job} ended {result.State}: {result.Reason}");
        if (job == Plans.AssignQuestionnairesJob.JobId) return new RunOutcome(true, $"{job}: {System.Text.Json.JsonSerializer.Deserialize<string>(result.Result!)}");
        if (job != NightlyScoringJob.JobId) return new RunOutcome(true, $"{job}: {result.Result} safety alert(s) written");

        var runId = System.Text.Json.JsonSerializer.Deserialize<string>(result.Result!)!;
        var runs = services.GetRequiredService<RunStore>();
        while (true)
        {
            var run = await runs.GetAsync(runId, deadline.Token);
            if (run is { Status: RunStatus.Complete } || run?.BatchCount == 0) break;
            var monitoring = storage.GetMonitoringApi();
            if (monitoring.FailedCount() > 0) return RunOutcome.Failed($"batch job(s) of {runId} failed; see the Hangfire dashboard or logs");
            // Run once means now: a batch waiting to retry is reported rather than waited for (serve would retry it).
            var retrying = monitoring.ScheduledJobs(0, 10).Select(j => j.Key).FirstOrDefault();
            if (retrying is not null)
                return RunOutcome.Failed($"a batch of {runId} is waiting to retry: {(await WaitForJobAsync(storage, retrying, deadline.Token)).Reason}");
            await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
        }
        return new RunOutcome(true, await RunReport.DescribeAsync(services, runId, deadline.Token));
    }

    private sealed record JobEnd(string State, string? Reason, string? Result);

    private static async Task<JobEnd> WaitForJobAsync(JobStorage storage, string jobId, CancellationToken ct)
    {
        while (true)
        {
            var details = storage.GetMonitoringApi().JobDetails(jobId);
            var state = details?.History.FirstOrDefault();
            switch (state?.StateName)
            {
                case "Succeeded":
                    return new JobEnd("Succeeded", null, state.Data.TryGetValue("Result", out var r) ? r : null);
                case "Failed" or "Deleted":
                    return new JobEnd(state.StateName, state.Reason ?? (state.Data.TryGetValue("ExceptionMessage", out var m) ? m : null), null);
                case "Scheduled" when state.Reason?.StartsWith("Retry attempt", StringComparison.Ordinal) == true:
                    return new JobEnd("Failed", $"{state.Reason}: {(details!.History.Skip(1).FirstOrDefault() is { } failure && failure.Data.TryGetValue("ExceptionMessage", out var message) ? message : null)}", null);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
    }
}
