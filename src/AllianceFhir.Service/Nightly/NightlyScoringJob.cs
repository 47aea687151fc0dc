using System.Security.Cryptography;
using AllianceFhir.Core.Pipeline;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Ehr.Clinical;
using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.Service.Ingest;
using AllianceFhir.State;
using Hangfire;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Nightly;

/// <summary>
/// nightly-scoring: reads what changed in the EHR since the checkpoint (less an overlap), puts it in the inbox
/// by batches of patients, and dispatches the batches. The checkpoint moves only when the last batch is confirmed.
/// </summary>
public sealed class NightlyScoringJob(
    IEhrEndpoint ehr,
    EngineContext engine,
    CheckpointStore checkpoints,
    RunStore runs,
    InboxStore inbox,
    QuarantineStore quarantine,
    ScoredResponseQuery scored,
    ScoredResponseStore scoredResponses,
    IBatchDispatcher dispatcher,
    IOptions<NightlyOptions> options,
    TimeProvider time,
    ILogger<NightlyScoringJob> log)
{
    public const string JobId = "nightly-scoring";
    private const int FlushEvery = 500;

    [DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    [AutomaticRetry(Attempts = 3)]
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var checkpoint = await checkpoints.GetAsync(JobId, ct);
        var since = checkpoint?.AddMinutes(-options.Value.OverlapMinutes);
        var runId = $"{JobId}-{time.GetUtcNow():yyyyMMdd'T'HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        await runs.StartAsync(runId, JobId, ct);

        var batchOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var pending = new List<(EhrEntry Entry, string Patient)>();
        var safetyReader = new ResponseScorer(engine.Catalogue);
        var bad = new List<QuarantineEntry>();
        // Per response id read this run: its content hash, where, its meta, and its JSON only when its item 9 is positive.
        var seen = new Dictionary<string, (string Hash, string? PositiveJson, string Source, Meta? Meta)>(StringComparer.Ordinal);
        var safetyItems = new SafetyReader(engine.Catalogue);
        DateTimeOffset? newest = null;
        var read = 0;
        // EHR-stored totals join the trajectories: only Observations under a catalogue scale's code are read.
        var scoreCodes = engine.Catalogue.Instruments.SelectMany(i => i.Scales).Select(s => s.Code.ToString()).Distinct().ToList();
        foreach (var (type, codes) in new[] { ("QuestionnaireResponse", (IReadOnlyList<string>?)null), ("Observation", scoreCodes) })
        {
            await foreach (var entry in ehr.ChangedSinceAsync(type, since, codes, ct))
            {
                if (entry.Resource is { } own && OwnOutput.Is(own)) continue; // an EHR that ignored identifier:not
                read++;
                if (entry.LastUpdated > newest || newest is null) newest = entry.LastUpdated ?? newest;
                if (entry.Resource is null)
                {
                    bad.Add(new QuarantineEntry(entry.Source, entry.ResourceType, entry.ResourceId, entry.Error ?? "unreadable", runId,
                        ContentHash: QuarantineEntry.HashOf(entry.Json ?? entry.Error ?? "")));
                    // Quarantined, but a positive item 9 in its raw JSON still goes to a batch for the safety alert.
                    if (entry is { ResourceType: "QuestionnaireResponse", Json: { } json }
                        && safetyReader.ScoreUnparsed(json, ScoringIssue.Unparsed) is { HasPositiveSafetySignal: true } safetyRead)
                        pending.Add((entry, safetyRead.PatientReference ?? "(no subject)"));
                    continue;
                }
                if (entry.Resource is QuestionnaireResponse { Id: { Length: > 0 } id } seenResponse && !entry.Deleted)
                {
                    // One id twice in one read (an export that carries two versions): one is kept, never both scored.
                    var hash = ContentHash.Of(seenResponse);
                    if (seen.TryGetValue(id, out var first))
                    {
                        if (first.Hash == hash) continue; // the same answers again: nothing new
                        var keepLater = Later(seenResponse.Meta, first.Meta);
                        var (loserHash, loserJson, loserSource, kept) = keepLater
                            ? (first.Hash, first.PositiveJson, first.Source, entry.Source)
                            : (hash, safetyItems.Read(seenResponse).IsPositive ? entry.Json : null, entry.Source, first.Source);
                        bad.Add(new QuarantineEntry(loserSource, "QuestionnaireResponse", id,
                            $"response-seen-twice: QuestionnaireResponse/{id} read twice with other answers; the version at {kept} is scored, this one is not (the {(keepLater ? "later" : "earlier")} one wins by meta.versionId, meta.lastUpdated or position)",
                            runId, ContentHash: loserHash));
                        // The version not scored still alerts on a positive item 9 (as `score` does): read for safety only.
                        if (loserJson is not null && safetyReader.ScoreUnparsed(loserJson, ScoringIssue.Unparsed) is { HasPositiveSafetySignal: true } loserRead)
                            pending.Add((new EhrEntry(null, loserJson, null, loserSource, "response-seen-twice", "QuestionnaireResponse", $"{id} ({loserSource})"), loserRead.PatientReference ?? "(no subject)"));
                        if (!keepLater) continue;
                    }
                    seen[id] = (hash, safetyItems.Read(seenResponse).IsPositive ? entry.Json : null, entry.Source, seenResponse.Meta);
                }
                var current = entry.Deleted ? await WithScoredSubjectAsync(entry, ct) : entry;
                var patient = Subject(current.Resource!);
                if (patient is null)
                {
                    // Scored by the batch anyway, so a positive item 9 is still reported as unattributable.
                    patient = "(no subject)";
                }
                pending.Add((current, patient));
                if (pending.Count >= FlushEvery) await FlushAsync(runId, pending, batchOf, ct);
            }
        }
        await FlushAsync(runId, pending, batchOf, ct);
        if (bad.Count > 0) await quarantine.AddAsync(bad, ct);

        var batches = batchOf.Count == 0 ? 0 : batchOf.Values.Max() + 1;
        await runs.FanOutAsync(runId, batches, newest, ct);
        log.LogInformation("Run {RunId}: read {Read} resources from {Endpoint}, {Quarantined} quarantined, {Patients} patients in {Batches} batches",
            runId, read, ehr.Name, bad.Count, batchOf.Count, batches);
        if (batches == 0)
        {
            if (newest is not null) await checkpoints.AdvanceAsync(JobId, newest.Value, ct);
            return runId;
        }
        for (var b = 0; b < batches; b++) dispatcher.Dispatch(runId, b);
        return runId;
    }

    private async System.Threading.Tasks.Task FlushAsync(string runId, List<(EhrEntry Entry, string Patient)> pending, Dictionary<string, int> batchOf, CancellationToken ct)
    {
        if (pending.Count == 0) return;
        // Changed since scored (amended, new version, other answers, entered-in-error) goes in again; unchanged does not.
        var done = await scored.UnchangedAsync(pending.Where(p => p.Entry.Resource is not null).Select(p => p.Entry.Resource!).ToList(), ct);
        var items = new List<InboxStore.Item>();
        foreach (var (entry, patient) in pending)
        {
            var key = entry.Resource is null ? $"{InboxStore.UnparsedPrefix}{entry.ResourceType}/{entry.ResourceId ?? entry.Source}" : $"{entry.Resource.TypeName}/{entry.ResourceId}";
            if (done.Contains(key)) continue;
            if (!batchOf.TryGetValue(patient, out var batch))
                batchOf[patient] = batch = batchOf.Count / options.Value.PatientsPerBatch;
            items.Add(new InboxStore.Item(key, patient, batch, entry.Json!));
        }
        await inbox.AddAsync(runId, items, ct);
        pending.Clear();
    }

    /// <summary>
    /// A deleted response's stand-in names no patient: the one it was scored for (scored_responses) is filled in, so the
    /// batch finds its history and retracts its scores. Never scored: it stays unattributed, and only alerts raised from
    /// it are retracted. The same stand-in each run, so a deletion read again is skipped as unchanged.
    /// </summary>
    private async Task<EhrEntry> WithScoredSubjectAsync(EhrEntry entry, CancellationToken ct)
    {
        if (entry.Resource is not QuestionnaireResponse standIn || standIn.Subject is not null) return entry;
        var known = await scoredResponses.GetAsync([standIn.Id!], ct);
        if (!known.TryGetValue(standIn.Id!, out var was) || !was.Patient.StartsWith("Patient/", StringComparison.Ordinal)) return entry;
        var withSubject = (QuestionnaireResponse)standIn.DeepCopy();
        withSubject.Subject = new ResourceReference(was.Patient);
        return entry with { Resource = withSubject, Json = new FhirJsonSerializer().SerializeToString(withSubject) };
    }

    /// <summary>Why the batch does not score a response it only reads safety from.</summary>

    /// <summary>Whether a version with <paramref name="meta"/> supersedes one with <paramref name="than"/>: by versionId, else lastUpdated, else it came later.</summary>
    private static bool Later(Meta? meta, Meta? than)
    {
        if (long.TryParse(meta?.VersionId, out var v) && long.TryParse(than?.VersionId, out var w) && v != w) return v > w;
        if (meta?.LastUpdated is { } a && than?.LastUpdated is { } b && a != b) return a > b;
        return true;
    }

    private static string? Subject(Resource resource) => resource switch
    {
        QuestionnaireResponse q => q.Subject?.Reference,
        Observation o => o.Subject?.Reference,
        _ => null,
    };
}
