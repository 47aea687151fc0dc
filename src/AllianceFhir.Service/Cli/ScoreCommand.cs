using System.CommandLine;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Trajectories;
using AllianceFhir.Service.Hosting;
using AllianceFhir.Service.Scoring;

namespace AllianceFhir.Service.Cli;

/// <summary><c>score --input &lt;ndjson file or folder&gt; --output &lt;folder&gt;</c></summary>
public static class ScoreCommand
{
    public static Command Build()
    {
        var input = new Option<string>("--input") { Description = "An ndjson file, or a folder of *.ndjson files as a Bulk Data export writes them", Required = true };
        var output = new Option<string>("--output") { Description = "Folder for {Type}.ndjson, issues.ndjson and summary.json", Required = true };
        var profiles = new Option<string?>("--profiles") { Description = "Folder of instrument Questionnaires (default: the bundled profiles/)" };
        var channel = new Option<AlertChannel>("--alert-channel") { Description = "Resource type alerts are written as", DefaultValueFactory = _ => AlertChannel.Flag };
        var reliable = new Option<ReliableChangeMethod?>("--reliable-change") { Description = "FixedThreshold (NHS Talking Therapies) or JacobsonTruax (default: the Trajectories:ReliableChange setting, else FixedThreshold)" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar" };
        var maxLine = new Option<int>("--max-line-bytes") { Description = "Longest line read, in bytes; a longer one is reported unread, for review by hand (default 16 MiB)", DefaultValueFactory = _ => Ndjson.NdjsonLineReader.DefaultMaxLineBytes };

        var workers = new Option<int>("--workers") { Description = "Lines read and scored at once on this many cores (default: all); the output is the same bytes whatever the number", DefaultValueFactory = _ => Environment.ProcessorCount };

        var memory = new Option<int>("--memory-mb")
        {
            Description = "Memory one partition may take while scored (default 256); a larger input is first split by patient into partition files under the output folder, deleted at the end",
            DefaultValueFactory = _ => ScoreOptions.DefaultMemoryMb,
        };

        var command = new Command("score", "Score a FHIR R4 ndjson export: scores, trajectories, ruptures and alerts as ndjson")
        {
            input, output, profiles, channel, reliable, quiet, maxLine, workers, memory,
        };
        command.SetAction(parse =>
        {
            var options = new ScoreOptions(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(profiles),
                parse.GetValue(channel), parse.GetValue(reliable), MaxLineBytes: parse.GetValue(maxLine), Workers: parse.GetValue(workers), MemoryMb: parse.GetValue(memory));
            try
            {
                var engine = ServiceHost.LoadEngine(options.ProfilesFolder); // the clinical settings every host uses
                var runner = new ScoreRunner(engine.Catalogue, TimeProvider.System, engine.Settings);
                var summary = parse.GetValue(quiet)
                    ? runner.Run(options)
                    : ProgressBar.Run("Scoring", report => runner.Run(options, report));
                Console.Out.WriteLine(SummaryText.Format(summary, options.Output));
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or CatalogueException or IOException or UnauthorizedAccessException or Microsoft.Extensions.Options.OptionsValidationException)
            {
                Console.Error.WriteLine($"score: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
