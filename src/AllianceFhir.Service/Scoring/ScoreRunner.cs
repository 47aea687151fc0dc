using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Pipeline;
using AllianceFhir.Core.Resources;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Scoring.Input;
using AllianceFhir.Core.Trajectories;
using AllianceFhir.Ehr.WriteBack;
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
        if (options.MaxLineBytes <= 0) throw new ArgumentException("--max-line-bytes must be positive");
        if (options.Workers < 0) throw new ArgumentException("--workers must be 0 (one per core) or more");
        if (options.MemoryMb <= 0) throw new ArgumentException("--memory-mb must be positive");
        var source = new NdjsonSource(options.Input, options.MaxLineBytes, () => new OversizeResponseScanner(catalogue));
        var summary = new ScoreSummary { Files = source.Files.Count };
        var total = source.TotalBytes;
        var parser = new ResourceLineParser(TypesToParse);
        var trajectories = settings ?? new TrajectorySettings(); // the site's Trajectories section, from the one loader
        var runSettings = options.ReliableChange is { } rc ? trajectories with { ReliableChange = rc } : trajectories;
        var partitions = PartitionCount(total, options.MemoryMb);

        Directory.CreateDirectory(options.Output);
        using (var writer = new NdjsonResourceWriter(options.Output))
        {
            if (partitions == 1)
                ScorePartition(source.ReadLines(transient: options.FastReader), total, runSettings, parser, options, writer, summary, () => progress?.Invoke(source.BytesRead, total));
            else
            {
                // Pass 1: every line to its patient's partition file, read and written as bytes (no scoring); pass 2: one
                // partition at a time through the same pipeline as an unpartitioned run. Progress: 10 % for pass 1.
                using var spill = new PartitionSpill(options.Output, partitions);
                long read = 0;
                foreach (var line in source.ReadLines(transient: true)) // each line is written to its partition before the next is read
                {
                    spill.Add(line, line.IsTooLarge ? 0 : PatientPartition.Of(line.Utf8.IsEmpty ? System.Text.Encoding.UTF8.GetBytes(line.Text) : line.Utf8.Span, partitions));
                    if ((++read & 0x3FFF) == 0) progress?.Invoke(source.BytesRead / 10, total);
                }
                spill.CompleteWriting();
                var spilled = Math.Max(1, spill.BytesWritten);
                for (var partition = 0; partition < partitions; partition++)
                {
                    ScorePartition(spill.Read(partition, transient: options.FastReader), spilled / partitions, runSettings, parser, options, writer, summary,
                        () => progress?.Invoke(total / 10 + (long)(spill.BytesRead / (double)spilled * (total - total / 10)), total));
                    // The partition's series and ids are garbage now, mostly in gen2, which the GC would collect only once
                    // the next partition had grown beside them: collected here, the peak is one partition's, not two.
                    GC.Collect();
                }
            }
            progress?.Invoke(total, total);
            // In type order, not the order types were first written (which partitioning changes): summary.json is the same for any --memory-mb.
            foreach (var (type, count) in writer.Counts.OrderBy(c => c.Key, StringComparer.Ordinal)) summary.Written[type] = count;
        }

        summary.ElapsedSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3);
        File.WriteAllText(Path.Combine(options.Output, "summary.json"), JsonSerializer.Serialize(summary, SummaryJson));
        return summary;
    }

    /// <summary>
    /// How the memory is bounded (issue 12): by partitioning the input by patient on disk, then scoring one partition
    /// at a time, rather than by an external sort (a sort by patient would change the order every output is written in
    /// for all inputs and cost a merge; partitioning keeps a partition's lines in input order, so an input that fits
    /// the budget is one partition and is written exactly as before). The count is chosen from the input's size before
    /// it is read: what a partition holds while it is scored (the per-patient series, the response ids seen, the
    /// hand-overs between workers) is taken as <see cref="StateBytesPerInputByte"/> times its share of the input, and
    /// must fit <c>--memory-mb</c>. It depends on the input and the setting only, never on the workers, so the output
    /// is the same bytes for any number of workers; a different <c>--memory-mb</c> can change the order of the lines
    /// in an output file (partition by partition), never which lines.
    /// </summary>
    public static int PartitionCount(long inputBytes, int memoryMb) =>
        (int)Math.Clamp((long)Math.Ceiling(inputBytes * StateBytesPerInputByte / (memoryMb * 1024.0 * 1024.0)), 1, MaxPartitions);

    /// <summary>
    /// Memory a partition takes while scored, per byte of its input, garbage not yet collected included. Measured on the
    /// bench's input (LOINC-form PHQ-9 / GAD-7 responses as LHC-Forms writes them, about 2 KB a line) after the
    /// allocation cuts of issue 12: 200,000 responses (402 MB) in one partition peaked at 290 MB, in four at 190 MB, so a
    /// partition's state is about 0.35 bytes per input byte on top of about 150 MB of runtime, catalogue and pipeline
    /// buffers; 0.5 leaves a margin of about 40 %. (It was 2.0, measured before those cuts: 432 MB for 201 MB of input.)
    /// A line that is compact for what it scores takes more per byte.
    /// </summary>
    private const double StateBytesPerInputByte = 0.5;

    /// <summary>Open partition files at once in pass 1 (64 KB of buffer each).</summary>
    private const int MaxPartitions = 4096;

    /// <summary>
    /// Scores lines in order: per-line output as each line is read (on the pipeline's workers), then each patient's
    /// trajectories, ruptures and alerts. The series and the response ids seen live for one partition only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScorePartition(IEnumerable<NdjsonLine> lines, long expectedBytes, TrajectorySettings runSettings, ResourceLineParser parser, ScoreOptions options,
        NdjsonResourceWriter writer, ScoreSummary summary, Action? tick)
    {
        var seen = new Dictionary<string, SeenResponse>(ExpectedResponses(expectedBytes), StringComparer.Ordinal);
        var run = new ScoringRun(catalogue, runSettings, time);
        foreach (var (line, fastRead, fastHash, fastResult, rendered) in ScoreLinePipeline.Run(lines, catalogue, time, options))
        {
            summary.Lines++;
            if ((summary.Lines & 0x3FF) == 0) tick?.Invoke();
            // The hot path: a line in the shape a form filler writes is read without Firely; any other line (and
            // every line Firely would refuse) goes on to the strict parse below, which reports it as before.
            // (read, hashed, scored and rendered on the pipeline's workers; what depends on other lines happens here, in line order).
            if (fastRead is not null)
            {
                HandleResponse(run, seen, fastRead, fastHash, [], line, options, writer, summary, fastResult, rendered);
                continue;
            }
            var where = Where(line.File, line.LineNumber);
            if (line.IsTooLarge)
            {
                // Never read into memory: streamed past a scanner for its safety fields, so a positive item 9 still alerts.
                summary.MalformedLines++;
                summary.LinesTooLarge++;
                var tooLarge = $"the line is {line.TooLargeBytes:N0} bytes, over the {options.MaxLineBytes:N0}-byte limit (--max-line-bytes); it was not read in full: " +
                    "review it by hand today";
                if (line.Scan is { ResourceType: "QuestionnaireResponse" } scan)
                    WriteOutcome(run.AddUnparsedResponse(scan.SafetyJson, new ScoringIssue(IssueSeverity.Error, "line-too-large",
                        $"{tooLarge} (its safety item was scanned{(scan.Problem is null ? "" : $" up to where the JSON breaks: {scan.Problem}")})", "")), [], line, options, writer, summary);
                else writer.WriteLine("issues", Serialize(OperationOutcomeBuilder.Build(where, "line-too-large", $"{tooLarge} (it may hold a safety item)")));
                continue;
            }
            var parsed = parser.Parse(line.Text);
            IReadOnlyList<ScoringIssue> lineIssues = parsed.Warning is null ? [] : [new ScoringIssue(IssueSeverity.Warning, "byte-order-mark", parsed.Warning, "")];
            if (parsed.Error is not null)
            {
                summary.MalformedLines++;
                var rejection = parsed.Rejection!; // invalid-json, not-fhir or invalid-resource: Core's StrictResourceParser, as on every path
                // A response that fails the strict parse still has its safety item read from the raw JSON.
                if (parsed.ResourceType == "QuestionnaireResponse")
                    WriteOutcome(run.AddUnparsedResponse(line.Text, rejection), lineIssues, line, options, writer, summary);
                else writer.WriteLine("issues", Serialize(OperationOutcomeBuilder.Build(where, [.. lineIssues, rejection])));
                continue;
            }
            switch (parsed.Resource)
            {
                case QuestionnaireResponse response:
                    HandleResponse(run, seen, ResponseInput.From(response), HashOf(response), lineIssues, line, options, writer, summary);
                    break;
                case Observation observation:
                    summary.ObservationsRead++;
                    var why = run.AddObservation(observation, out var badInput);
                    if (why is null) summary.EhrScoresJoined++;
                    else if (badInput)
                    {
                        // An EHR total under a score code that cannot join the series is reported, not dropped.
                        summary.EhrScoresUnusable++;
                        writer.WriteLine("issues", Serialize(OperationOutcomeBuilder.Build($"{where} (Observation/{observation.Id})", "ehr-score-unusable",
                            $"EHR score Observation not used: {why}", "Observation")));
                    }
                    break;
                default:
                    if (parsed.ResourceType is { } type && !ModelInfo.IsKnownResource(type))
                    {
                        summary.UnknownResourceTypes++;
                        writer.WriteLine("issues", Serialize(OperationOutcomeBuilder.Build(where, "unknown-resource-type",
                            $"resourceType '{Printable(type)}' is not a FHIR R4 resource type; the line was skipped", "resourceType")));
                    }
                    else summary.OtherResourcesIgnored++;
                    break;
            }
        }

        // Trajectories, ruptures, their alerts and the paired outcomes: evaluated on all workers, written without POCOs.
        ScoreEndPhase.Write(run, options, writer, summary);
    }

    /// <summary>
    /// The response ids a partition of this many bytes is expected to hold, so that their table is sized once (issue 12:
    /// grown line by line, the table was copied a dozen times, the last copies on the large-object heap, about 55 MB a
    /// run on the bench). Taken at 1.5 KB a line, a little under a LOINC-form GAD-7 as LHC-Forms writes it (the bench's
    /// lines average 2 KB): a file of shorter lines grows the table as before. At most a million ids ahead (about 110 bytes
    /// each, so about 110 MB; a partition that large needs a --memory-mb over 700).
    /// </summary>
    private static int ExpectedResponses(long bytes) => (int)Math.Clamp(bytes / 1536, 0, 1_000_000);

    /// <summary>
    /// Where a response id was first read (file and line: the text is made only when an issue names it), its content
    /// hash and meta: enough to tell a repeat from a new version.
    /// </summary>
    private readonly record struct SeenResponse(string File, long LineNumber, UInt128 Hash, string? VersionId, DateTimeOffset? LastUpdated)
    {
        public SeenResponse(NdjsonLine line, UInt128 hash, ResponseInput response) : this(line.File, line.LineNumber, hash, response.VersionId, response.LastUpdated) { }

        public string Where => ScoreRunner.Where(File, LineNumber);

        public Meta? Meta => VersionId is null && LastUpdated is null ? null : new Meta { VersionId = VersionId, LastUpdated = LastUpdated };
    }

    /// <summary>A line as issues name it.</summary>
    private static string Where(string file, long lineNumber) => $"{file} line {lineNumber}";

    /// <summary>
    /// One response, read by either path. <paramref name="hash"/>: its content hash (null: not tracked for repeats).
    /// A line read by the hot path is hashed from Core's model, a parsed one by <see cref="ContentHash"/>: the same
    /// response seen once in each shape (one line with elements the hot path leaves to Firely) is taken as another
    /// version, and the later one wins by meta as for any other version. <paramref name="rendered"/>: the line's own
    /// output as the pipeline's workers rendered it (hot path only), copied when the line is scored as read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void HandleResponse(ScoringRun run, Dictionary<string, SeenResponse> seen, ResponseInput response, UInt128? hash, IReadOnlyList<ScoringIssue> lineIssues, NdjsonLine line,
        ScoreOptions options, NdjsonResourceWriter writer, ScoreSummary summary, ScoringResult? scored = null, ScoreLinePipeline.Rendered? rendered = null)
    {
        summary.ResponsesRead++;
        if (response.Id is { Length: > 0 } id && hash is { } contentHash)
        {
            ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(seen, id, out var exists);
            if (!exists)
                first = new SeenResponse(line, contentHash, response);
            else
            {
                if (first.Hash == contentHash)
                {
                    // The same answers again (an export that overlaps itself): a plain duplicate, not scored twice.
                    summary.DuplicateResponses++;
                    WriteIssues(Where(line.File, line.LineNumber), id, [new ScoringIssue(IssueSeverity.Warning, "response-duplicate",
                        $"QuestionnaireResponse/{id} was already read at {first.Where} with the same answers; not scored again", "QuestionnaireResponse.id")], writer, summary);
                    return;
                }
                var (laterWins, why) = ResponseVersions.Compare(first.Meta, response.Meta);
                summary.ResponsesSuperseded++;
                if (!laterWins)
                {
                    var superseded = new ScoringIssue(IssueSeverity.Error, "response-seen-twice",
                        $"QuestionnaireResponse/{id} seen twice with different answers; scores from {first.Where} kept, this line superseded ({why})", "QuestionnaireResponse.id");
                    WriteOutcome(run.AddSupersededResponse(response, superseded), lineIssues, line, options, writer, summary);
                    return;
                }
                // This line is the later version: the earlier one's points leave the series; its scores for scales this
                // version does not yield are withdrawn (entered-in-error); the others are written again below, same ids.
                var firstWhere = first.Where;
                var removed = run.Supersede(id);
                first = new SeenResponse(line, contentHash, response);
                var kept = AddResponse(run, response, scored, rendered);
                var yielded = kept.Points.Select(p => p.Key).ToHashSet();
                foreach (var (key, point) in removed.Where(r => !yielded.Contains(r.Key)))
                    writer.Write(Revisions.RetractedScore(key, point, catalogue, $"QuestionnaireResponse/{id}"));
                summary.ResponsesScored -= removed.Count > 0 ? 1 : 0;
                var issue = new ScoringIssue(IssueSeverity.Warning, "response-seen-twice",
                    $"QuestionnaireResponse/{id} seen twice with different answers; scores from {firstWhere} superseded by this line ({why})", "QuestionnaireResponse.id");
                Count(kept.Result, summary);
                WriteOutcome(kept, [.. lineIssues, issue], line, options, writer, summary, rendered);
                return;
            }
        }
        var outcome = AddResponse(run, response, scored, rendered);
        Count(outcome.Result, summary);
        WriteOutcome(outcome, lineIssues, line, options, writer, summary, rendered);
    }

    /// <summary>The response's points into its series, with the Observation ids the workers computed when they did.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ResponseOutcome AddResponse(ScoringRun run, ResponseInput response, ScoringResult? scored, ScoreLinePipeline.Rendered? rendered) =>
        scored is null ? run.AddResponse(response, buildObservations: false)
        : rendered is null ? run.AddResponse(response, buildObservations: false, scored)
        : run.AddResponse(response, buildObservations: false, scored, rendered.ObservationReferences, rendered.ResponseReference, plannedSafety: true, rendered.Safety);

    /// <summary>
    /// The content hash, or null when the response cannot be serialised again (an invalid date the parser kept): the
    /// SHA-256 of <see cref="ContentHash"/>, folded to the 128 bits the repeat check compares (XxHash128 of its text).
    /// </summary>
    private static UInt128? HashOf(QuestionnaireResponse response)
    {
        try
        {
            return XxHash128.HashToUInt128(System.Text.Encoding.UTF8.GetBytes(ContentHash.Of(response)));
        }
        catch (Exception e) when (e is Hl7.Fhir.Validation.CodedValidationException or FormatException or InvalidOperationException)
        {
            return null; // not tracked for repeats; scored (or rejected) on its own as before
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Count(ScoringResult result, ScoreSummary summary)
    {
        if (result.IsRejected) summary.ResponsesRejected++;
        else
        {
            summary.ResponsesScored++;
            for (var i = 0; i < result.Scores.Count; i++) // a loop: once per line, on the one ordered thread (issue 12)
                if (result.Scores[i].Prorated)
                {
                    summary.ResponsesProrated++;
                    break;
                }
        }
    }

    private static void WriteIssues(string where, string? responseId, IReadOnlyList<ScoringIssue> issues, NdjsonResourceWriter writer, ScoreSummary summary)
    {
        var label = responseId is null ? where : $"{where} (QuestionnaireResponse/{responseId})";
        writer.WriteLine("issues", Serialize(OperationOutcomeBuilder.Build(label, issues)));
        summary.Warnings += issues.Count(i => i.Severity == IssueSeverity.Warning);
    }

    /// <summary>A resourceType as shown in an issue: at most 64 characters, control characters replaced.</summary>
    private static string Printable(string type) =>
        new(type.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    /// <summary>
    /// Issues, score Observations, the safety alert and their Provenance for one response, parsed or read from raw
    /// JSON. <paramref name="rendered"/>: the same Observations, alert and Provenance as the pipeline's workers rendered
    /// them from the line alone, copied when the outcome is the line's own (its score as read, the same alert).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteOutcome(ResponseOutcome outcome, IReadOnlyList<ScoringIssue> lineIssues, NdjsonLine line, ScoreOptions options, NdjsonResourceWriter writer, ScoreSummary summary,
        ScoreLinePipeline.Rendered? rendered = null)
    {
        var result = outcome.Result;
        IReadOnlyList<ScoringIssue> issues = lineIssues.Count == 0 ? result.Issues : [.. lineIssues, .. result.Issues];
        if (issues.Count > 0) WriteIssues(Where(line.File, line.LineNumber), result.ResponseId, issues, writer, summary);
        if (result.Safety?.Status == SafetyStatus.Missing) summary.SafetyItemMissing++;
        if (result.HasPositiveSafetySignal)
        {
            summary.SafetySignals++;
            if (result.IsRejected) summary.SafetySignalsFromRejectedResponses++;
            if (outcome.SafetyAlert is null)
                writer.WriteLine("issues", Serialize(OperationOutcomeBuilder.Build(Where(line.File, line.LineNumber), "safety-signal-unattributed",
                    "the safety item is positive but the response names no patient: review it by hand today")));
        }

        if (rendered is not null && ReferenceEquals(rendered.Result, result) && (outcome.SafetyAlert is null) == (rendered.AlertType is null))
        {
            if (rendered.ObservationCount > 0) writer.WriteRaw("Observation", rendered.Bytes(rendered.Observations), rendered.ObservationCount);
            if (rendered.AlertType is { } type)
            {
                writer.WriteRaw(type, rendered.Bytes(rendered.Alert), 1);
                summary.AlertsByReason[rendered.AlertReason!] = summary.AlertsByReason.GetValueOrDefault(rendered.AlertReason!) + 1;
            }
            if (rendered.Provenance.Length > 0) writer.WriteRaw("Provenance", rendered.Bytes(rendered.Provenance), 1);
            return;
        }

        // Score Observations and Provenance straight to JSON (ScoreObservationJson, ProvenanceJson: the same resources
        // as the builders, no POCO); alerts are rare and keep their builder.
        var targets = new List<string>(result.Scores.Count + 1);
        var reference = $"QuestionnaireResponse/{result.ResponseId}";
        if (!result.IsRejected)
            foreach (var score in result.Scores)
            {
                var target = ScoreObservationBuilder.ReferenceFor(reference, score); // "Observation/{id}", as the workers make it
                writer.Write("Observation", (result, score, reference, target), static (w, s) => ScoreObservationJson.Write(w, s.result, s.score, s.reference, s.target.AsSpan("Observation/".Length)));
                targets.Add(target);
            }
        if (outcome.SafetyAlert is { } alert) targets.Add(WriteAlert(alert, options, writer, summary));
        if (options.WriteProvenance && targets.Count > 0)
            writer.Write("Provenance", (targets, reference, time), static (w, s) => ProvenanceJson.Write(w, s.targets, s.reference, s.time));
    }

    private static string WriteAlert(AlertIntent alert, ScoreOptions options, NdjsonResourceWriter writer, ScoreSummary summary)
    {
        var type = AlertResourceJson.TypeName(options.AlertChannel);
        string? id = null;
        writer.Write(type, (alert, options.AlertChannel), (w, s) => id = AlertResourceJson.Write(w, s.alert, s.AlertChannel));
        summary.AlertsByReason[alert.ReasonCode] = summary.AlertsByReason.GetValueOrDefault(alert.ReasonCode) + 1;
        return $"{type}/{id}";
    }

    private static readonly FhirJsonSerializer Serializer = new();

    private static string Serialize(Resource resource) => Serializer.SerializeToString(resource);
}
