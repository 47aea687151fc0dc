using System.CommandLine;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Reports;
using AllianceFhir.Service.Hosting;
using AllianceFhir.Reports;
using AllianceFhir.Service.Reports;
using AllianceFhir.State;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Cli;

/// <summary>
/// <c>report --period 2026-10 --output &lt;folder&gt;</c>: a month's alliance evaluation report from the service's state
/// (the embedded default's out/nightly/state.db after <c>run nightly-scoring --once</c>), or, with
/// <c>--input &lt;ndjson folder&gt;</c>, from a Bulk Data export scored in memory.
/// </summary>
public static class ReportCommand
{
    public static Command Build()
    {
        var period = new Option<string>("--period") { Description = "The month, yyyy-MM (e.g. 2026-10)", Required = true };
        var output = new Option<string>("--output") { Description = "Folder for report.html, report.csv, association.csv, report.json, MeasureReport.ndjson", Required = true };
        var input = new Option<string?>("--input") { Description = "A Bulk Data ndjson folder to score in memory (default: the service's state)" };
        var state = new Option<string>("--state") { Description = "The service's SQLite state file", DefaultValueFactory = _ => "out/nightly/state.db" };
        var suppress = new Option<int>("--suppress-below") { Description = "Show counts 1..N−1 as <N (0 turns suppression off)", DefaultValueFactory = _ => new ReportsOptions().SuppressBelow };
        var profiles = new Option<string?>("--profiles") { Description = "Folder of instrument Questionnaires (default: the \"Profiles\" setting, else the bundled profiles/)" };
        var command = new Command("report", "Routine alliance evaluation report for a month: MeasureReports, CSV and HTML")
        {
            period, output, input, state, suppress, profiles,
        };
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(period);
            if (!ReportPeriod.TryParse(text, out var month))
            {
                Console.Error.WriteLine($"report: --period: '{text}' is not a month written yyyy-MM (e.g. 2026-10)");
                return 2;
            }
            if (parse.GetValue(suppress) < 0)
            {
                Console.Error.WriteLine("report: --suppress-below must be 0 or more");
                return 2;
            }
            try
            {
                var engine = ServiceHost.LoadEngine(parse.GetValue(profiles)); // the "Trajectories" settings the service uses
                var settings = new ReportSettings { SuppressBelow = parse.GetValue(suppress) };
                var data = parse.GetValue(input) is { } folder
                    ? NdjsonReportData.Load(Path.GetFullPath(folder), engine)
                    : await FromStateAsync(parse.GetValue(state)!, month, ct);
                var result = ReportService.Compute(engine, month, data, settings, TimeProvider.System.GetUtcNow());
                var files = ReportFiles.Write(result, Path.GetFullPath(parse.GetValue(output)!));
                var coverage = result.Table.Row(Indicators.Coverage);
                Console.Out.WriteLine($"report {month}: {result.Table.Row(Indicators.Coverage).Denominator.Text} patients in active treatment, " +
                                      $"alliance coverage {(coverage.Rate is { } r ? $"{r:0.0}%" : "withheld")}" +
                                      (data.SkippedLines > 0 ? $", {data.SkippedLines} unreadable input lines skipped" : ""));
                foreach (var f in files) Console.Out.WriteLine($"  {f}");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or CatalogueException or IOException or UnauthorizedAccessException or InvalidOperationException or OptionsValidationException)
            {
                Console.Error.WriteLine($"report: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static async Task<ReportData> FromStateAsync(string stateFile, ReportPeriod period, CancellationToken ct)
    {
        var connection = Environment.GetEnvironmentVariable("State__ConnectionString");
        if (connection is null)
        {
            var path = Path.GetFullPath(stateFile);
            if (!File.Exists(path))
                throw new ArgumentException($"--state: no service state at '{path}': run `run nightly-scoring --once` first, or pass --input <ndjson folder>");
            connection = $"Data Source={path}";
        }
        var options = Options.Create(new StateOptions { ConnectionString = connection });
        new StateMigrator(options).Migrate();
        var db = new StateDatabase(options);
        return new ReportData(await new ScorePointStore(db).AuthoredBeforeAsync(period.End, ct), await new PatientStore(db, TimeProvider.System).AllAsync(ct));
    }
}
