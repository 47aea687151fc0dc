using AllianceFhir.Core.Trajectories;
using AllianceFhir.Ehr.Clinical;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Service.Alerts;
using AllianceFhir.Service.Nightly;
using AllianceFhir.State;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.Service.Tests.WriteBack;
using AllianceFhir.Ehr.WriteBack;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Tests.Nightly;

/// <summary>The checkpoint moves only past confirmed work: the jobs run inline against a scripted EHR.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private sealed class InlineDispatcher : IBatchDispatcher
    {
        public List<(string RunId, int BatchNo)> Dispatched { get; } = [];

        public void Dispatch(string runId, int batchNo) => Dispatched.Add((runId, batchNo));
    }

    private static QuestionnaireResponse Phq9(string id, DateTimeOffset updated) => new()
    {
        Id = id,
        Meta = new Meta { LastUpdated = updated },
        Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
        Questionnaire = "https://alliancefhir.org/fhir/Questionnaire/phq-9",
        Subject = new ResourceReference("Patient/p1"),
        AuthoredElement = new FhirDateTime(updated),
        Item = Enumerable.Range(1, 9).Select(i => new QuestionnaireResponse.ItemComponent
        {
            LinkId = i.ToString(),
            Answer = [new() { Value = new Coding("http://loinc.org", "LA6569-3") }],
        }).ToList(),
    };

    [Fact]
    public async System.Threading.Tasks.Task Nightly_WhenWritesAreNotConfirmed_ThenTheBatchFailsAndTheCheckpointStays_AndMovesOnceTheyAre()
    {
        var state = Options.Create(new StateOptions { ConnectionString = $"Data Source={_folder.Combine("state.db")}" });
        new StateMigrator(state).Migrate();
        var db = new StateDatabase(state);
        var time = TimeProvider.System;
        var checkpoints = new CheckpointStore(db, time);
        var runs = new RunStore(db, time);
        var inbox = new InboxStore(db);
        var quarantine = new QuarantineStore(db, time);
        var points = new ScorePointStore(db);
        var ledger = new LedgerStore(db, time);
        var writeBack = new WriteBackService(Options.Create(new WriteBackOptions()), ledger, time, NullLogger<WriteBackService>.Instance);
        var engine = new EngineContext(ProfileDirectory.LoadCatalogue(), new TrajectorySettings());
        var updated = new DateTimeOffset(2026, 11, 21, 18, 0, 0, TimeSpan.Zero);
        var responses = new Resource[] { Phq9("qr-1", updated), Phq9("qr-2", updated.AddMinutes(10)) };
        var confirm = false;
        var ehr = new ScriptedEndpoint(_ => confirm ? "201 Created" : "503 Service Unavailable", responses);
        var dispatcher = new InlineDispatcher();
        var nightly = new NightlyScoringJob(ehr, engine, checkpoints, runs, inbox, quarantine, new ScoredResponseQuery(db), new ScoredResponseStore(db, time), dispatcher,
            Options.Create(new NightlyOptions()), time, NullLogger<NightlyScoringJob>.Instance);
        var batch = new ScorePatientsBatchJob(ehr, engine, runs, inbox, points, quarantine, checkpoints, writeBack,
            PatientAlertRecorder(db, writeBack, time), new ScoredResponseStore(db, time), new PatientAlertStore(db, time),
            new AllianceFhir.Service.Alerts.AlertLifecycle(new PatientAlertStore(db, time), writeBack, Options.Create(new WriteBackOptions()), time,
                NullLogger<AllianceFhir.Service.Alerts.AlertLifecycle>.Instance),
            new AllianceFhir.Reports.PatientDemographicsRefresher(new AllianceFhir.Reports.PatientStore(db, time), NullLogger<AllianceFhir.Reports.PatientDemographicsRefresher>.Instance),
            NullLogger<ScorePatientsBatchJob>.Instance);

        var runId = await nightly.RunAsync(CancellationToken.None);
        var (_, batchNo) = Assert.Single(dispatcher.Dispatched);
        await Assert.ThrowsAsync<WriteBackIncompleteException>(() => batch.RunAsync(runId, batchNo, CancellationToken.None));

        Assert.Null(await checkpoints.GetAsync(NightlyScoringJob.JobId, CancellationToken.None));
        Assert.Equal(RunStatus.Scoring, (await runs.GetAsync(runId, CancellationToken.None))!.Status);

        confirm = true; // the EHR is back: Hangfire's retry of the same batch now confirms everything
        await batch.RunAsync(runId, batchNo, CancellationToken.None);

        Assert.Equal(updated.AddMinutes(10), await checkpoints.GetAsync(NightlyScoringJob.JobId, CancellationToken.None));
        Assert.Equal(RunStatus.Complete, (await runs.GetAsync(runId, CancellationToken.None))!.Status);
        await batch.RunAsync(runId, batchNo, CancellationToken.None); // a third run of a done batch writes nothing
        Assert.Equal(2, ehr.Posted.Count(b => b.Entry.Any(e => e.Resource is Observation o && o.Code!.Coding[0].Code == "44261-6")));
    }

    private static PatientAlertRecorder PatientAlertRecorder(StateDatabase db, WriteBackService writeBack, TimeProvider time)
    {
        var store = new PatientAlertStore(db, time);
        var options = Options.Create(new WriteBackOptions());
        return new PatientAlertRecorder(store, new AllianceFhir.Service.Alerts.AlertLifecycle(store, writeBack, options, time,
            NullLogger<AllianceFhir.Service.Alerts.AlertLifecycle>.Instance), options, time);
    }
}
