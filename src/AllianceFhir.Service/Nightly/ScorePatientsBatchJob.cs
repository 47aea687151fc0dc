using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Pipeline;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Trajectories;
using AllianceFhir.Service.Ingest;
using AllianceFhir.Service.State;
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
    PatientAlertRecorder patientAlerts,
    Reports.PatientDemographicsRefresher demographics,
    ILogger<ScorePatientsBatchJob> log)
{
    private static readonly FhirJsonDeserializer Parser = new(new DeserializerSettings().UsingMode(DeserializationMode.BackwardsCompatible));

    [AutomaticRetry(Attempts = 10, DelaysInSeconds = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 3600])]
    public async System.Threading.Tasks.Task RunAsync(string runId, int batchNo, CancellationToken ct)
    {
        if (await runs.IsBatchDoneAsync(runId, batchNo, ct)) return;
        var items = await inbox.BatchAsync(runId, batchNo, ct);
        var patients = items.Select(i => i.Patient).Distinct().ToList();

        var run = new ScoringRun(engine.Catalogue, engine.Settings);
        foreach (var (key, point) in await points.ForPatientsAsync(patients, ct)) run.AddHistory(key, point);

        var scores = new List<Resource>();
        var safety = new List<AlertIntent>();
        var newPoints = new List<(SeriesKey, ScorePoint)>();
        var rejected = new List<QuarantineEntry>();
        foreach (var item in items)
        {
            var resource = Parser.DeserializeResource(item.ResourceJson);
            if (resource is QuestionnaireResponse response)
            {
                var outcome = run.AddResponse(response);
                var result = outcome.Result;
                if (result.Issues.Any(i => i.Severity == IssueSeverity.Error))
                    rejected.Add(new QuarantineEntry(ehr.Name, "QuestionnaireResponse", response.Id,
                        string.Join("; ", result.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => $"{i.Code}: {i.Message} at {i.Location}")), runId));
                if (outcome.SafetyAlert is { } alert) safety.Add(alert);
                else if (result.HasPositiveSafetySignal)
                    log.LogCritical("A positive safety item in QuestionnaireResponse/{Id} names no patient: it needs review by hand", response.Id);
                scores.AddRange(outcome.Scores);
                newPoints.AddRange(outcome.Points);
            }
            else if (resource is Observation observation)
            {
                var read = ObservationScoreReader.TryRead(observation, engine.Catalogue, out _);
                if (read is { } r)
                {
                    run.AddHistory(r.Key, r.Point);
                    newPoints.Add((r.Key, r.Point));
                }
            }
        }
        if (rejected.Count > 0) await quarantine.AddAsync(rejected, ct);

        // Scores and safety alerts first: the summaries refer to the scores by the ids the EHR gives them.
        var written = await writeBack.WriteAsync(ehr, runId, scores, safety, ct);
        await patientAlerts.RecordSafetyAsync(ehr, safety, written.EhrIds, ct);
        await points.AddAsync(newPoints, ct);

        var outcomes = run.Complete().ToList();
        var summaries = outcomes.SelectMany(p => p.Series).SelectMany(s => s.Observations).Cast<Resource>().ToList();
        var alerts = outcomes.SelectMany(p => p.Series).SelectMany(s => s.Alerts).ToList();
        written = written.Plus(await writeBack.WriteAsync(ehr, runId, summaries, alerts, ct));
        await patientAlerts.RecordOutcomesAsync(ehr, outcomes, written.EhrIds, ct);
        written = written.Plus(await writeBack.WriteAsync(ehr, runId, outcomes.SelectMany(p => p.Observations).Cast<Resource>().ToList(), [], ct));

        // Report strata (clinic, clinician, programme, delivery mode, age) for the patients just scored.
        await demographics.RefreshAsync(ehr, patients.Where(p => p.StartsWith("Patient/", StringComparison.Ordinal)).ToList(), ct);

        log.LogInformation("Run {RunId} batch {Batch}: {Patients} patients, {Created} created, {Existed} existed, {Skipped} known from the ledger, {Failed} refused, {Requests} requests",
            runId, batchNo, patients.Count, written.Created, written.Existed, written.SkippedByLedger, written.Failed, written.Requests);

        if (await runs.CompleteBatchAsync(runId, batchNo, ct))
        {
            var finished = await runs.GetAsync(runId, ct);
            if (finished?.CheckpointCandidate is { } candidate)
                await checkpoints.AdvanceAsync(NightlyScoringJob.JobId, StateTime.Parse(candidate), ct);
            await inbox.DeleteRunAsync(runId, ct);
            log.LogInformation("Run {RunId} complete; checkpoint {Checkpoint}", runId, finished?.CheckpointCandidate);
        }
    }
}
