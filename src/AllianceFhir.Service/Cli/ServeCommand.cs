using System.CommandLine;
using AllianceFhir.CdsHooks;
using AllianceFhir.Service.Hosting;
using AllianceFhir.Service.Web;

namespace AllianceFhir.Service.Cli;

/// <summary><c>serve</c>: the Hangfire host with its recurring jobs, dashboard, health and API endpoints.</summary>
public static class ServeCommand
{
    public static Command Build()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var command = new Command("serve", "Run the service: recurring nightly-scoring and safety-sweep jobs, dashboard at /hangfire") { urls };
        command.SetAction(async (parse, ct) =>
        {
            await using var app = ServiceHost.BuildWeb(new Dictionary<string, string?> { ["urls"] = parse.GetValue(urls) });
            app.MapServiceWeb();
            app.MapCdsHooks();
            ServiceServiceCollectionExtensions.ScheduleRecurringJobs(app.Services);
            await app.RunAsync(ct);
            return 0;
        });
        return command;
    }
}
