using System.Diagnostics;
using System.Text.Json;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Pipeline;
using AllianceFhir.Core.Resources;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Trajectories;
using AllianceFhir.Service.Ndjson;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Service.Scoring;

/// <summary>
/// Scores a Bulk Data ndjson export end to end: reads line by line, writes scores and safety alerts as it goes,
/// then trajectories, ruptures and their alerts. A bad line is reported in issues.ndjson and skipped; a response among
/// them still has its safety item read from the raw JSON, so a positive item 9 is alerted (docs/adr/0001).
/// </summary>
public sealed class ScoreRunner(InstrumentCatalogue catalogue, TimeProvider time, TrajectorySettings? settings = null)
{
    private static readonly HashSet<string> TypesToParse = new(StringComparer.Ordinal) { "QuestionnaireResponse", "Observation" };
    private static readonly JsonSerializerOptions SummaryJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public ScoreSummary Run(ScoreOptions options, Action<long, long>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var source = new NdjsonSource(options.Input);
        var summary = new ScoreSummary { Files = source.Files.Count };
        var total = source.TotalBytes;
        var parser = new ResourceLineParser(TypesToParse);
        var trajectories = settings ?? new TrajectorySettings(); // the site's Trajectories section, from the one loader
        var run = new ScoringRun(catalogue, options.ReliableChange is { } rc ? trajectories with { ReliableChange = rc } : trajectories);

        Directory.CreateDirectory(options.Output);
        using (var writer = new NdjsonResourceWriter(options.Output))
        {
            foreach (var line in source.ReadLines())
            {
                summary.Lines++;
                if ((summary.Lines & 0x3FF) == 0) progress?.Invoke(source.BytesRead, total);
                var where = $"{line.File} line {line.LineNumber}";
                var parsed = parser.Parse(line.Text);
                IReadOnlyList<ScoringIssue> lineIssues = parsed.Warning is null ? [] : [new ScoringIssue(IssueSeverity.Warning, "byte-order-mark", parsed.Warning, "")];
                if (parsed.Error is not null)
                {
                    summary.MalformedLines++;
                    var code = parsed.ResourceType is null ? (parsed.Error.StartsWith("not valid JSON", StringComparison.Ordinal) ? "invalid-json" : "not-fhir") : "invalid-resource";
                    var rejection = new ScoringIssue(IssueSeverity.Error, code, parsed.Error, parsed.ResourceType ?? "");
                    // A response that fails the strict parse still has its safety item read from the raw JSON.
                    if (parsed.ResourceType == "QuestionnaireResponse")
                        WriteOutcome(run.AddUnparsedResponse(line.Text, rejection), lineIssues, where, options, writer, summary);
                    else writer.WriteLine("issues", Serialize(OperationOutcomeBuilder.Build(where, [.. lineIssues, rejection])));
                    continue;
                }
                switch (parsed.Resource)
                {
                    case QuestionnaireResponse response:
                        HandleResponse(run, response, lineIssues, where, options, writer, summary);
                        break;
                    case Observation observation:
                        summary.ObservationsRead++;
                        if (run.AddObservation(observation) is null) summary.EhrScoresJoined++;
                        break;
                    default:
                        summary.OtherResourcesIgnored++;
                        break;
                }
            }

            foreach (var patient in run.Complete())
            {
                foreach (var outcome in patient.Series)
                {
                    if (outcome.Trajectory is not null) summary.Trajectories++;
                    summary.Ruptures += outcome.Ruptures.Count;
                    summary.RupturesRepaired += outcome.Ruptures.Count(r => r.Repaired);
                    foreach (var observation in outcome.Observations) writer.Write(observation);
                    foreach (var alert in outcome.Alerts) WriteAlert(alert, options, writer, summary);
                }
                if (patient.Paired is { } paired)
                {
                    summary.PairedOutcomes++;
                    if (paired.Recovery == true) summary.Recovered++;
                    if (paired.ReliableImprovement) summary.ReliablyImproved++;
                }
                foreach (var observation in patient.Observations) writer.Write(observation);
            }
            progress?.Invoke(total, total);
            foreach (var (type, count) in writer.Counts) summary.Written[type] = count;
        }

        summary.ElapsedSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3);
        File.WriteAllText(Path.Combine(options.Output, "summary.json"), JsonSerializer.Serialize(summary, SummaryJson));
        return summary;
    }

    private void HandleResponse(ScoringRun run, QuestionnaireResponse response, IReadOnlyList<ScoringIssue> lineIssues, string where,
        ScoreOptions options, NdjsonResourceWriter writer, ScoreSummary summary)
    {
        summary.ResponsesRead++;
        var outcome = run.AddResponse(response);
        var result = outcome.Result;
        if (result.IsRejected) summary.ResponsesRejected++;
        else
        {
            summary.ResponsesScored++;
            if (result.Scores.Any(s => s.Prorated)) summary.ResponsesProrated++;
        }
        WriteOutcome(outcome, lineIssues, where, options, writer, summary);
    }

    /// <summary>Issues, score Observations, the safety alert and their Provenance for one response, parsed or read from raw JSON.</summary>
    private void WriteOutcome(ResponseOutcome outcome, IReadOnlyList<ScoringIssue> lineIssues, string where, ScoreOptions options, NdjsonResourceWriter writer, ScoreSummary summary)
    {
        var result = outcome.Result;
        IReadOnlyList<ScoringIssue> issues = lineIssues.Count == 0 ? result.Issues : [.. lineIssues, .. result.Issues];
        if (issues.Count > 0)
        {
            var label = result.ResponseId is null ? where : $"{where} (QuestionnaireResponse/{result.ResponseId})";
            writer.WriteLine("issues", Serialize(OperationOutcomeBuilder.Build(label, issues)));
            summary.Warnings += issues.Count(i => i.Severity == IssueSeverity.Warning);
        }
        if (result.Safety?.Status == SafetyStatus.Missing) summary.SafetyItemMissing++;
        if (result.HasPositiveSafetySignal)
        {
            summary.SafetySignals++;
            if (result.IsRejected) summary.SafetySignalsFromRejectedResponses++;
            if (outcome.SafetyAlert is null)
                writer.WriteLine("issues", Serialize(OperationOutcomeBuilder.Build(where, "safety-signal-unattributed",
                    "the safety item is positive but the response names no patient: review it by hand today")));
        }

        var targets = new List<string>();
        foreach (var observation in outcome.Scores)
        {
            writer.Write(observation);
            targets.Add($"Observation/{observation.Id}");
        }
        if (outcome.SafetyAlert is { } alert) targets.Add(WriteAlert(alert, options, writer, summary));
        if (options.WriteProvenance && targets.Count > 0)
            writer.Write(ProvenanceBuilder.Build(targets, $"QuestionnaireResponse/{result.ResponseId}", time));
    }

    private static string WriteAlert(AlertIntent alert, ScoreOptions options, NdjsonResourceWriter writer, ScoreSummary summary)
    {
        var resource = AlertResourceBuilder.Build(alert, options.AlertChannel);
        writer.Write(resource);
        summary.AlertsByReason[alert.ReasonCode] = summary.AlertsByReason.GetValueOrDefault(alert.ReasonCode) + 1;
        return $"{resource.TypeName}/{resource.Id}";
    }

    private static readonly FhirJsonSerializer Serializer = new();

    private static string Serialize(Resource resource) => Serializer.SerializeToString(resource);
}
