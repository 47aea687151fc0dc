using System.Text;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;
using AllianceFhir.Core.Pipeline;
using AllianceFhir.Core.Resources;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Scoring.Input;
using AllianceFhir.Core.Trajectories;
using AllianceFhir.Ehr.Clinical;
using AllianceFhir.Service.Ingest;
using AllianceFhir.State;
using AllianceFhir.Ehr.WriteBack;
using Hangfire;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Service.Nightly;

/// <summary>
/// Scores one batch of patients of a run and writes the results back. Safe to run twice: identifiers are
/// deterministic and write-back finds earlier writes. Unconfirmed writes fail the job, so Hangfire retries it.
/// </summary>
public sealed class ScorePatientsBatchJob(
    IEhrEndpoint ehr,
    EngineContext engine,
    RunStore runs,
    InboxStore inbox,
    ScorePointStore points,
    QuarantineStore quarantine,
    CheckpointStore checkpoints,
    WriteBackService writeBack,
    Alerts.PatientAlertRecorder patientAlerts,
    ScoredResponseStore scoredResponses,
    PatientAlertStore alertStore,
    Alerts.AlertLifecycle lifecycle,
    AllianceFhir.Reports.PatientDemographicsRefresher demographics,
    ILogger<ScorePatientsBatchJob> log,
    YoungPersonLabels? youngPersonLabels = null)
{
    private readonly YoungPersonLabels _labels = youngPersonLabels ?? YoungPersonLabels.Default;

    private static readonly FhirJsonDeserializer Parser = new(new DeserializerSettings().UsingMode(DeserializationMode.BackwardsCompatible));

    [AutomaticRetry(Attempts = 10, DelaysInSeconds = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 3600])]
    public async System.Threading.Tasks.Task RunAsync(string runId, int batchNo, CancellationToken ct)
    {
        if (await runs.IsBatchDoneAsync(runId, batchNo, ct)) return;
        var items = await inbox.BatchAsync(runId, batchNo, ct);
        var patients = items.Select(i => i.Patient).Distinct().ToList();

        var history = await points.ForPatientsAsync(patients, ct);
        // Quarantined at ingest, kept only for their safety item (read from the raw JSON below, docs/adr/0001).
        var unparsed = items.Where(i => i.IsUnparsed).ToList();
        // Firely POCOs where the whole resource is needed: an Observation (ObservationScoreReader) and a response's content
        // hash (the one the ingest compares, ContentHash). Responses are scored from their JSON below, as `score` reads a line.
        var parsedItems = items.Where(i => !i.IsUnparsed).Select(i => (Resource: Parser.DeserializeResource(i.ResourceJson), Json: i.ResourceJson)).ToList();
        var inputs = parsedItems.Select(p => p.Resource).ToList();
        var responses = inputs.OfType<QuestionnaireResponse>().ToList();
        var scoredBefore = await scoredResponses.GetAsync(responses.Select(r => r.Id!).ToList(), ct);

        // What changed under results already written (docs/adr/0009-following-the-record.md): responses scored before
        // (amended, a new version, other answers) or now entered-in-error, and EHR totals amended or entered-in-error.
        var historyResponses = history.Where(h => h.Point.ScoredHere && h.Point.ResponseId is not null).Select(h => h.Point.ResponseId!).ToHashSet(StringComparer.Ordinal);
        var historySources = history.Where(h => !h.Point.ScoredHere).Select(h => h.Point.SourceReference).ToHashSet(StringComparer.Ordinal);
        var changedResponses = responses.Where(r => scoredBefore.ContainsKey(r.Id!) || historyResponses.Contains(r.Id!)).Select(r => r.Id!).ToHashSet(StringComparer.Ordinal);
        var changedSources = inputs.OfType<Observation>().Select(o => $"Observation/{o.Id}").Where(historySources.Contains).ToHashSet(StringComparer.Ordinal);
        var affected = history.Where(h => h.Point.ScoredHere ? changedResponses.Contains(h.Point.ResponseId ?? "") : changedSources.Contains(h.Point.SourceReference)).ToList();
        var affectedPatients = affected.Select(h => h.Key.PatientReference).ToHashSet(StringComparer.Ordinal);

        // The summaries as they stood, for the patients whose history changes: compared with the new ones below.
        var before = new List<PatientOutcome>();
        if (affectedPatients.Count > 0)
        {
            var was = new ScoringRun(engine.Catalogue, engine.Settings);
            foreach (var (key, point) in history.Where(h => affectedPatients.Contains(h.Key.PatientReference))) was.AddHistory(key, point);
            before = was.Complete().ToList();
        }
        var run = new ScoringRun(engine.Catalogue, engine.Settings);
        var affectedSet = affected.ToHashSet();
        foreach (var (key, point) in history.Where(h => !affectedSet.Contains(h))) run.AddHistory(key, point);

        var scores = new List<Resource>();
        var revisedScores = new List<Resource>();
        var safety = new List<AlertIntent>();
        var safetyResolved = new List<string>();
        var retractedFrom = new List<string>();
        var newPoints = new List<(SeriesKey, ScorePoint)>();
        var replacedPoints = new List<(SeriesKey, ScorePoint)>();
        var rejected = new List<QuarantineEntry>();
        foreach (var item in unparsed)
            if (run.AddUnparsedResponse(item.ResourceJson, ScoringIssue.Unparsed).SafetyAlert is { } unparsedAlert) safety.Add(unparsedAlert);
        foreach (var (resource, json) in parsedItems)
        {
            if (resource is QuestionnaireResponse response)
            {
                var reference = $"QuestionnaireResponse/{response.Id}";
                var old = affected.Where(h => h.Point.ScoredHere && h.Point.ResponseId == response.Id).ToList();
                // Core's one reader (issue 12), on the JSON as the EHR sent it: read, scored and refused as `score`, the app's
                // dashboard and CDS Hooks do it. A response it refuses (Firely's strict parse) is rejected for that reason.
                var read = ResponseReader.Read(Encoding.UTF8.GetBytes(json));
                var input = read.Input;
                if ((input?.Status ?? ResponseEnvelope.StatusLiteral(response)) == "entered-in-error")
                {
                    // Treated as never said (docs/domain.md §7): no score, no alert; what was derived from it is withdrawn.
                    revisedScores.AddRange(RetractedScores(input ?? ResponseInput.From(response), old));
                    retractedFrom.Add(reference);
                    retractedFrom.AddRange(old.Select(h => h.Point.SourceReference));
                    continue;
                }
                var outcome = input is not null ? run.AddResponse(input) : run.AddUnparsedResponse(read.UnparsedJson ?? json, read.Rejection ?? ScoringIssue.Unparsed);
                var result = outcome.Result;
                if (result.Issues.Any(i => i.Severity == IssueSeverity.Error))
                    rejected.Add(new QuarantineEntry(ehr.Name, "QuestionnaireResponse", response.Id,
                        string.Join("; ", result.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => $"{i.Code}: {i.Message} at {i.Location}")), runId,
                        ContentHash: ContentHash.Of(response)));
                if (outcome.SafetyAlert is { } alert) safety.Add(alert);
                else if (result.HasPositiveSafetySignal)
                    log.LogCritical("A positive safety item in QuestionnaireResponse/{Id} names no patient: it needs review by hand", response.Id);
                if (!changedResponses.Contains(response.Id!))
                {
                    scores.AddRange(outcome.Scores);
                    newPoints.AddRange(outcome.Points);
                    continue;
                }
                // Scored before: scores whose value changed are amended in place; scales it no longer yields are withdrawn.
                if (outcome.SafetyAlert is null) safetyResolved.Add(AlertPlanner.SafetyKey(reference));
                var oldByScale = old.ToDictionary(h => h.Key.ScaleKey, h => h.Point.Value, StringComparer.Ordinal);
                foreach (var (observation, (key, point)) in outcome.Scores.Zip(outcome.Points))
                    if (!oldByScale.TryGetValue(key.ScaleKey, out var was) || was != point.Value) revisedScores.Add(Revisions.Amended(observation));
                var yielded = outcome.Points.Select(p => p.Key.ScaleKey).ToHashSet(StringComparer.Ordinal);
                var gone = old.Where(h => !yielded.Contains(h.Key.ScaleKey)).ToList();
                revisedScores.AddRange(gone.Select(h => Revisions.RetractedScore(h.Key, h.Point, engine.Catalogue, reference)));
                retractedFrom.AddRange(gone.Select(h => h.Point.SourceReference));
                replacedPoints.AddRange(outcome.Points);
            }
            else if (resource is Observation observation)
            {
                // An EHR total entered-in-error leaves the series (its old point is not in the run); amended replaces it.
                var read = ObservationScoreReader.TryRead(observation, engine.Catalogue, out var why, out var badInput);
                // An EHR total we cannot use (a string value, no effective time, 99 on PHQ-9) is quarantined, not dropped.
                if (badInput) rejected.Add(new QuarantineEntry(ehr.Name, "Observation", observation.Id, $"ehr-score-unusable: {why}", runId,
                    ContentHash: ContentHash.Of(observation)));
                if (read is { } r)
                {
                    run.AddHistory(r.Key, r.Point);
                    (changedSources.Contains(r.Point.SourceReference) ? replacedPoints : newPoints).Add((r.Key, r.Point));
                }
            }
        }
        if (rejected.Count > 0) await quarantine.AddAsync(rejected, ct);

        // A young person's alliance scores carry the security labels (docs/domain.md §9), first writes and revisions alike.
        await _labels.ApplyAsync(ehr, scores.Concat(revisedScores), ct);

        // Scores and safety alerts first: the summaries refer to the scores by the ids the EHR gives them.
        var written = await writeBack.WriteAsync(ehr, runId, scores, safety, ct);
        await patientAlerts.RecordSafetyAsync(ehr, safety, written.EhrIds, ct);
        await lifecycle.RaiseAgainAsync(ehr, safety, ct);
        written = written.Plus(await writeBack.ReviseAsync(ehr, runId, revisedScores, ct));
        foreach (var reference in retractedFrom.Distinct(StringComparer.Ordinal))
            await lifecycle.RetractRaisedFromAsync(ehr, reference, "response entered-in-error", ct);
        await ResolveKnownAsync(safetyResolved, Alerts.AlertLifecycle.ResponseAmended, ct);

        var outcomes = run.Complete().ToList();
        var (fresh, revisedSummaries) = Revisions.Diff(
            before.SelectMany(p => p.Series).SelectMany(s => s.Observations).Concat(before.SelectMany(p => p.Observations)),
            outcomes.Where(p => affectedPatients.Contains(p.PatientReference)).SelectMany(p => p.Series).SelectMany(s => s.Observations)
                .Concat(outcomes.Where(p => affectedPatients.Contains(p.PatientReference)).SelectMany(p => p.Observations)));
        var freshIds = fresh.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        bool Write(Observation o, string patient) => !affectedPatients.Contains(patient) || freshIds.Contains(o.Id);
        var summaries = outcomes.SelectMany(p => p.Series.SelectMany(s => s.Observations).Where(o => Write(o, p.PatientReference))).Cast<Resource>().ToList();
        var alerts = outcomes.SelectMany(p => p.Series).SelectMany(s => s.Alerts).ToList();
        written = written.Plus(await writeBack.WriteAsync(ehr, runId, summaries, alerts, ct));
        written = written.Plus(await writeBack.ReviseAsync(ehr, runId, revisedSummaries, ct));
        await patientAlerts.RecordOutcomesAsync(ehr, outcomes, written.EhrIds, ct);
        // Series alerts the changed history no longer raises (a rupture an amendment removed) are resolved, not deleted.
        var stillRaised = alerts.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        await ResolveKnownAsync(before.SelectMany(p => p.Series).SelectMany(s => s.Alerts).Select(a => a.Key).Where(k => !stillRaised.Contains(k)).ToList(),
            "the response it was raised from changed", ct);
        written = written.Plus(await writeBack.WriteAsync(ehr, runId,
            outcomes.SelectMany(p => p.Observations.Where(o => Write(o, p.PatientReference))).Cast<Resource>().ToList(), [], ct));

        // The history and what was scored are recorded last, once everything is written: a retried batch recomputes
        // the same "before" and finds its revisions already in the ledger.
        await points.AddAsync(newPoints, ct);
        await points.ReplaceAsync(changedResponses, changedSources, replacedPoints, ct);
        await scoredResponses.RecordAsync(responses.Select(r => new ScoredResponseStore.Scored(r.Id!, r.Subject?.Reference ?? "(no subject)",
            r.Meta?.VersionId, ContentHash.Of(r), r.StatusElement?.JsonValue as string ?? "unknown")), ct);

        // Report strata (clinic, clinician, programme, delivery mode, age) for the patients just scored.
        await demographics.RefreshAsync(ehr, patients.Where(p => p.StartsWith("Patient/", StringComparison.Ordinal)).ToList(), ct);

        log.LogInformation("Run {RunId} batch {Batch}: {Patients} patients, {Created} created, {Existed} existed, {Updated} revised, {Skipped} known from the ledger, {Failed} refused, {Requests} requests",
            runId, batchNo, patients.Count, written.Created, written.Existed, written.Updated, written.SkippedByLedger, written.Failed, written.Requests);

        if (await runs.CompleteBatchAsync(runId, batchNo, ct))
        {
            var finished = await runs.GetAsync(runId, ct);
            if (finished?.CheckpointCandidate is { } candidate)
                await checkpoints.AdvanceAsync(NightlyScoringJob.JobId, StateTime.Parse(candidate), ct);
            await inbox.DeleteRunAsync(runId, ct);
            log.LogInformation("Run {RunId} complete; checkpoint {Checkpoint}", runId, finished?.CheckpointCandidate);
        }
    }

    /// <summary>
    /// The score Observations of a retracted response, entered-in-error: rebuilt by scoring it as if it stood (same ids,
    /// full content), and from the history's points for any scale that cannot be rebuilt that way.
    /// </summary>
    private IEnumerable<Observation> RetractedScores(ResponseInput response, IReadOnlyList<(SeriesKey Key, ScorePoint Point)> old)
    {
        var asItStood = response with { Status = "completed" };
        var rebuilt = new ScoringRun(engine.Catalogue, engine.Settings).AddResponse(asItStood).Scores.ToDictionary(o => o.Id!, StringComparer.Ordinal);
        foreach (var (key, point) in old)
        {
            var id = point.SourceReference[(point.SourceReference.IndexOf('/') + 1)..];
            yield return rebuilt.TryGetValue(id, out var o) ? Revisions.Retracted(o)
                : Revisions.RetractedScore(key, point, engine.Catalogue, $"QuestionnaireResponse/{response.Id}");
        }
    }

    /// <summary>Resolves the alerts among <paramref name="keys"/> the store holds (an unknown key is refused without a trace).</summary>
    private async System.Threading.Tasks.Task ResolveKnownAsync(IReadOnlyCollection<string> keys, string why, CancellationToken ct)
    {
        if (keys.Count == 0) return;
        foreach (var alert in (await alertStore.ByKeysAsync(keys.Distinct(StringComparer.Ordinal).ToList(), ct)).Where(a => a.State is AlertState.Raised or AlertState.Acknowledged))
            await lifecycle.ResolveAsync(ehr, alert.Key, why, AlertResourceBuilder.AuthorDisplay, ct);
    }
}
