using System.Text.Json;
using AllianceFhir.Core.Resources;
using AllianceFhir.FhirServer;
using AllianceFhir.Service.Ingest;
using AllianceFhir.Service.Plans;
using AllianceFhir.Service.Tests.Nightly;
using AllianceFhir.State;
using AllianceFhir.Ehr.WriteBack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AllianceFhir.Service.Tests.Plans;

/// <summary>
/// Measurement plans against the real test FHIR server (issue 13 §5): a plan's Tasks created once, expiry with an
/// injected clock, completion by a response, and an EHR that refuses Task.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class AssignQuestionnairesTests
{
    private const string Requester = "Organization/clinic";

    private static readonly Dictionary<string, string?> Enabled = new()
    {
        ["MeasurementPlans:Enabled"] = "true",
        ["MeasurementPlans:Requester"] = Requester,
    };

    [Fact]
    public async Task RunJob_WhenRunTwice_ThenEachDueQuestionnaireIsOneTaskInTheSdcShape()
    {
        await using var ehr = await PlannedEhr.StartAsync();
        var (server, host) = (ehr.Server, ehr.Host);
        var session = DateTimeOffset.UtcNow.AddDays(2);
        await PlanEhr.PatientAsync(server, "adult", "1990-05-01");
        await PlanEhr.SessionAsync(server, "appt-adult", "adult", session);
        // A 16-year-old: the default (adult) plan gives nothing; their CarePlan asks a parent for a PHQ-9 every 2 weeks.
        await PlanEhr.PatientAsync(server, "teen", DateTime.UtcNow.AddYears(-16).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await PlanEhr.SessionAsync(server, "appt-teen", "teen", session);
        await PlanEhr.RelatedPersonAsync(server, "mum", "teen");
        await PlanEhr.CarePlanAsync(server, "cp-teen", "teen", PlanEhr.Phq9, 2, "RelatedPerson/mum");

        Assert.Contains("3 questionnaires assigned, 0 already assigned", await host.RunAsync(AssignQuestionnairesJob.JobId));
        Assert.Contains("0 questionnaires assigned, 3 already assigned", await host.RunAsync(AssignQuestionnairesJob.JobId));

        var tasks = await PlanEhr.TasksAsync(server);
        Assert.Equal(3, tasks.Count);
        var adult = tasks.Where(t => PlanEhr.Ref(t, "for") == "Patient/adult").OrderBy(PlanEhr.Questionnaire).ToList();
        Assert.Equal([PlanEhr.Gad7, PlanEhr.Phq9], adult.Select(PlanEhr.Questionnaire));
        foreach (var t in adult)
        {
            Assert.Equal(("ready", "order"), (t.GetProperty("status").GetString(), t.GetProperty("intent").GetString()));
            var code = t.GetProperty("code").GetProperty("coding")[0];
            Assert.Equal(("http://hl7.org/fhir/uv/sdc/CodeSystem/temp", "complete-questionnaire"), (code.GetProperty("system").GetString(), code.GetProperty("code").GetString()));
            Assert.Equal("questionnaire", t.GetProperty("input")[0].GetProperty("type").GetProperty("coding")[0].GetProperty("code").GetString());
            Assert.Equal(("Patient/adult", Requester), (PlanEhr.Ref(t, "owner"), PlanEhr.Ref(t, "requester")));
            Assert.True(t.TryGetProperty("authoredOn", out _));
            // May be done from the lead time (3 days) before the session until it ends.
            var period = t.GetProperty("restriction").GetProperty("period");
            Assert.Equal(session.AddDays(-3), period.GetProperty("start").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
            Assert.Equal(session.AddHours(1), period.GetProperty("end").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        }
        var teen = Assert.Single(tasks, t => PlanEhr.Ref(t, "for") == "Patient/teen");
        Assert.Equal((PlanEhr.Phq9, "RelatedPerson/mum"), (PlanEhr.Questionnaire(teen), PlanEhr.Ref(teen, "owner")));
        Assert.Contains("CarePlan/cp-teen", teen.GetProperty("reasonCode").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Run_WhenThePeriodEndsUnanswered_ThenOneReminderBeforeAndTheTaskExpiresAfter()
    {
        await using var ehr = await PlannedEhr.StartAsync();
        var session = await ehr.AdultWithSessionAsync();

        Assert.Equal(2, (await ehr.AssignAsync()).Assigned);

        // Within a day of the end: one reminder per Task, however often the job runs.
        ehr.Clock.SetUtcNow(session.AddHours(-12));
        Assert.Equal(2, (await ehr.AssignAsync()).Reminded);
        Assert.Equal(0, (await ehr.AssignAsync()).Reminded);
        var reminders = await EhrQuery.AllAsync(ehr.Server, "Communication", $"identifier={Uri.EscapeDataString(QuestionnaireTasks.ReminderIdentifierSystem + "|")}");
        Assert.Equal(2, reminders.Count);
        Assert.All(reminders, r => Assert.Equal("Patient/adult", r.GetProperty("recipient")[0].GetProperty("reference").GetString()));

        // After the session ended: both expire (cancelled, reason questionnaire-expired); the after-session SRS falls due.
        ehr.Clock.SetUtcNow(session.AddHours(2));
        var run = await ehr.AssignAsync();
        Assert.Equal((2, 1), (run.Expired, run.Assigned));
        Assert.Equal(0, (await ehr.AssignAsync()).Expired);
        var tasks = await PlanEhr.TasksAsync(ehr.Server);
        var expired = tasks.Where(t => PlanEhr.Questionnaire(t) != PlanEhr.Srs).ToList();
        Assert.Equal(2, expired.Count);
        Assert.All(expired, t =>
        {
            Assert.Equal("cancelled", t.GetProperty("status").GetString());
            Assert.Equal("questionnaire-expired", t.GetProperty("statusReason").GetProperty("coding")[0].GetProperty("code").GetString());
        });
        Assert.Equal("ready", Assert.Single(tasks, t => PlanEhr.Questionnaire(t) == PlanEhr.Srs).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Run_WhenTheClientHasOpenedATask_ThenInProgressStaysOpenWithoutADuplicateAndStillExpires()
    {
        await using var planned = await PlannedEhr.StartAsync();
        var (server, clock) = (planned.Server, planned.Clock);
        var session = await planned.AdultWithSessionAsync();
        Assert.Equal(2, (await planned.AssignAsync()).Assigned);

        // The client opened the PHQ-9 on the portal (requested/ready -> in-progress) but has not submitted it yet.
        var phq9 = Assert.Single(await PlanEhr.TasksAsync(server), t => PlanEhr.Questionnaire(t) == PlanEhr.Phq9);
        await PlanEhr.MarkInProgressAsync(server, phq9);

        var again = await planned.AssignAsync();
        Assert.Equal((0, 2), (again.Assigned, again.Existed));
        var tasks = await PlanEhr.TasksAsync(server);
        Assert.Equal(2, tasks.Count);
        Assert.Equal("in-progress", Assert.Single(tasks, t => PlanEhr.Questionnaire(t) == PlanEhr.Phq9).GetProperty("status").GetString());

        // Never submitted: after the session it expires like a Task the client never opened.
        clock.SetUtcNow(session.AddHours(2));
        Assert.Equal(2, (await planned.AssignAsync()).Expired);
        var opened = Assert.Single(await PlanEhr.TasksAsync(server), t => PlanEhr.Questionnaire(t) == PlanEhr.Phq9);
        Assert.Equal("cancelled", opened.GetProperty("status").GetString());
        Assert.Equal("questionnaire-expired", opened.GetProperty("statusReason").GetProperty("coding")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Run_WhenBuiltInYoungPeoplesProgramme_ThenA15YearOldAndA20YearOldGetTheirAgeBandsInstrumentsAndOwners()
    {
        await using var planned = await PlannedEhr.StartAsync();
        var (server, clock) = (planned.Server, planned.Clock);
        var session = clock.GetUtcNow().AddDays(2);
        // 15 and 20 on the clock's date; each has a parent on record, and a session in two days.
        await PlanEhr.PatientAsync(server, "teen", "2011-03-01", DefaultPlans.YoungPeople);
        await PlanEhr.PatientAsync(server, "young-adult", "2006-03-01", DefaultPlans.YoungPeople);
        await PlanEhr.RelatedPersonAsync(server, "mum", "teen");
        await PlanEhr.RelatedPersonAsync(server, "dad", "young-adult");
        await PlanEhr.SessionAsync(server, "appt-teen", "teen", session);
        await PlanEhr.SessionAsync(server, "appt-young-adult", "young-adult", session);
        Assert.Equal(6, (await planned.AssignAsync()).Assigned);

        var tasks = await PlanEhr.TasksAsync(server);
        static List<(string, string)> Of(List<JsonElement> tasks, string patient) => tasks.Where(t => PlanEhr.Ref(t, "for") == $"Patient/{patient}")
            .Select(t => (PlanEhr.Questionnaire(t), PlanEhr.Ref(t, "owner"))).OrderBy(x => x.Item1, StringComparer.Ordinal).ToList();
        // 14-17: YP-CORE, PHQ-A and RCADS-25 to the young person, the parent's RCADS-P-25 to the parent.
        Assert.Equal(
            [(PlanEhr.PhqA, "Patient/teen"), (PlanEhr.Rcads25, "Patient/teen"), (PlanEhr.RcadsP25, "RelatedPerson/mum"), (PlanEhr.YpCore, "Patient/teen")],
            Of(tasks, "teen"));
        // 18-24: the adult PHQ-9 and GAD-7; no caregiver report for an adult, though a parent is on record.
        Assert.Equal([(PlanEhr.Gad7, "Patient/young-adult"), (PlanEhr.Phq9, "Patient/young-adult")], Of(tasks, "young-adult"));

        // After the session: the SRS for both (13 and over: not the child CSRS), to the young person themselves.
        clock.SetUtcNow(session.AddHours(2));
        Assert.Equal(2, (await planned.AssignAsync()).Assigned);
        var srs = (await PlanEhr.TasksAsync(server)).Where(t => PlanEhr.Questionnaire(t) == PlanEhr.Srs).Select(t => PlanEhr.Ref(t, "owner")).Order(StringComparer.Ordinal);
        Assert.Equal(["Patient/teen", "Patient/young-adult"], srs);
    }

    [Fact]
    public async Task Run_WhenManyQuestionnairesAreDue_ThenTheTasksGoInBatchBundlesOfTheWriteBackSizeNotOneRequestEach()
    {
        // WriteBack:BundleSize 4 (default 200): five adults' PHQ-9 and GAD-7 are ten Tasks, so three batches (4, 4, 2).
        await using var planned = await PlannedEhr.StartAsync(settings: new Dictionary<string, string?> { ["WriteBack:BundleSize"] = "4" });
        var (server, clock, host) = (planned.Server, planned.Clock, planned.Host);
        for (var i = 1; i <= 5; i++)
        {
            await PlanEhr.PatientAsync(server, $"adult-{i}", "1990-05-01");
            await PlanEhr.SessionAsync(server, $"appt-{i}", $"adult-{i}", clock.GetUtcNow().AddDays(2));
        }
        var ehr = new CountingEndpoint(host.Services.GetRequiredService<IEhrEndpoint>());

        Assert.Equal(10, (await planned.Assigner.RunAsync(ehr, CancellationToken.None)).Assigned);

        var taskBatches = ehr.Batches.Where(b => b.Any(e => e.EndsWith(" Task", StringComparison.Ordinal) && e.StartsWith("POST", StringComparison.Ordinal))).ToList();
        Assert.Equal([4, 4, 2], taskBatches.Select(b => b.Count(e => e == "POST Task")));
        Assert.Equal(10, (await PlanEhr.TasksAsync(server)).Count);
    }

    [Fact]
    public async Task Run_WhenResponsesArriveByBasedOnOrWithinThePeriod_ThenTheirTasksAreCompletedWithTheResponseAsOutput()
    {
        await using var ehr = await PlannedEhr.StartAsync();
        var (server, clock) = (ehr.Server, ehr.Clock);
        await ehr.AdultWithSessionAsync();
        await ehr.AssignAsync();
        var phq9Task = "Task/" + Assert.Single(await PlanEhr.TasksAsync(server), t => PlanEhr.Questionnaire(t) == PlanEhr.Phq9).GetProperty("id").GetString();

        var phq9 = await PlanEhr.ResponseAsync(server, "adult", PlanEhr.Phq9, clock.GetUtcNow().AddHours(1), basedOnTask: phq9Task);
        var gad7 = await PlanEhr.ResponseAsync(server, "adult", PlanEhr.Gad7 + "|1.0", clock.GetUtcNow().AddHours(2));
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(2, (await ehr.AssignAsync()).Completed);
        Assert.Equal(0, (await ehr.AssignAsync()).Completed);

        var tasks = await PlanEhr.TasksAsync(server);
        Assert.Equal(2, tasks.Count); // completed in place, not written again
        foreach (var (questionnaire, response) in new[] { (PlanEhr.Phq9, phq9), (PlanEhr.Gad7, gad7) })
        {
            var t = Assert.Single(tasks, t => PlanEhr.Questionnaire(t) == questionnaire);
            Assert.Equal("completed", t.GetProperty("status").GetString());
            var output = Assert.Single(t.GetProperty("output").EnumerateArray());
            Assert.Equal("questionnaire-response", output.GetProperty("type").GetProperty("coding")[0].GetProperty("code").GetString());
            Assert.Equal(response, output.GetProperty("valueReference").GetProperty("reference").GetString());
        }
        // Completed in time: the session ending later does not expire them.
        clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, (await ehr.AssignAsync()).Expired);
    }

    [Fact]
    public async Task SafetySweep_WhenAResponseNamesItsTaskInBasedOn_ThenThatTaskIsCompletedWithinTheSweepAndNoOtherPatientsResponseCounts()
    {
        await using var ehr = await PlannedEhr.StartAsync();
        var (server, host, clock) = (ehr.Server, ehr.Host, ehr.Clock);
        await ehr.AdultWithSessionAsync();
        await PlanEhr.PatientAsync(server, "other", "1980-01-01");
        await ehr.AssignAsync();
        var phq9Task = "Task/" + Assert.Single(await PlanEhr.TasksAsync(server), t => PlanEhr.Questionnaire(t) == PlanEhr.Phq9).GetProperty("id").GetString();

        await PlanEhr.ResponseAsync(server, "other", PlanEhr.Phq9, clock.GetUtcNow().AddHours(1), basedOnTask: phq9Task);
        Assert.Contains("0 safety alert", await host.RunAsync("safety-sweep"));
        Assert.All(await PlanEhr.TasksAsync(server), t => Assert.Equal("ready", t.GetProperty("status").GetString()));

        var response = await PlanEhr.ResponseAsync(server, "adult", PlanEhr.Phq9, clock.GetUtcNow().AddHours(1), basedOnTask: phq9Task);
        Assert.Contains("0 safety alert", await host.RunAsync("safety-sweep"));
        var tasks = await PlanEhr.TasksAsync(server);
        var done = Assert.Single(tasks, t => PlanEhr.Questionnaire(t) == PlanEhr.Phq9);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(response, done.GetProperty("output")[0].GetProperty("valueReference").GetProperty("reference").GetString());
        Assert.Equal("ready", Assert.Single(tasks, t => PlanEhr.Questionnaire(t) == PlanEhr.Gad7).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Run_WhenTheEhrHasNoTask_ThenEachDueQuestionnaireIsInTheQuarantineListOnce()
    {
        await using var ehr = await PlannedEhr.StartAsync(FhirServerOptions.Default with { RefusedTypes = ["Task"] });
        await ehr.AdultWithSessionAsync();

        Assert.Equal((0, 2), ((await ehr.AssignAsync()) is var r ? (r.Assigned, r.NotWritten) : default));
        Assert.Equal(2, (await ehr.AssignAsync()).NotWritten);

        var listed = (await ehr.Host.Services.GetRequiredService<QuarantineStore>().ListAsync(100, CancellationToken.None))
            .Where(q => q.Source == QuestionnaireAssigner.QuarantineSource).ToList();
        Assert.Equal(2, listed.Count); // the same two rows, not four
        Assert.All(listed, q =>
        {
            Assert.Equal("Task", q.ResourceType);
            Assert.Contains("cannot create Task", q.Reason);
            Assert.Contains("Patient/adult", q.Reason);
        });
        Assert.Equal([PlanEhr.Gad7, PlanEhr.Phq9], listed.Select(q => q.Reason.Contains(PlanEhr.Phq9, StringComparison.Ordinal) ? PlanEhr.Phq9 : PlanEhr.Gad7).Order());
    }

    /// <summary>
    /// What every test here starts: the real test FHIR server, a state folder, the service host on them with measurement
    /// plans on, and the assigner on an injected clock (7 Dec 2026 09:00 UTC) for the tests that move time.
    /// </summary>
    private sealed class PlannedEhr : IAsyncDisposable
    {
        private readonly TempFolder _state;

        private PlannedEhr(FhirServerProcess server, TempFolder state, PipelineHost host)
        {
            (Server, _state, Host) = (server, state, host);
            Assigner = new QuestionnaireAssigner(
                host.Services.GetRequiredService<PlanFactsReader>(),
                host.Services.GetRequiredService<WriteBackService>(),
                host.Services.GetRequiredService<QuarantineStore>(),
                host.Services.GetRequiredService<IOptions<MeasurementPlansOptions>>(),
                Clock,
                NullLogger<QuestionnaireAssigner>.Instance);
        }

        public FhirServerProcess Server { get; }

        public PipelineHost Host { get; }

        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

        public QuestionnaireAssigner Assigner { get; }

        /// <param name="settings">Settings over the plans-on defaults.</param>
        public static async Task<PlannedEhr> StartAsync(FhirServerOptions? options = null, IReadOnlyDictionary<string, string?>? settings = null)
        {
            var server = await FhirServerProcess.StartAsync(options);
            var state = new TempFolder();
            try
            {
                var all = new Dictionary<string, string?>(Enabled);
                foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
                return new PlannedEhr(server, state, await PipelineHost.StartAsync(server.BaseUrl, state.Path, all));
            }
            catch
            {
                state.Dispose();
                await server.DisposeAsync();
                throw;
            }
        }

        /// <summary>Patient/adult (born 1990) with a session (Appointment appt-1) two days after the clock's now; its start.</summary>
        public async Task<DateTimeOffset> AdultWithSessionAsync()
        {
            var session = Clock.GetUtcNow().AddDays(2);
            await PlanEhr.PatientAsync(Server, "adult", "1990-05-01");
            await PlanEhr.SessionAsync(Server, "appt-1", "adult", session);
            return session;
        }

        /// <summary>One run of the assigner on the clock's now.</summary>
        public Task<AssignmentRun> AssignAsync() => Assigner.RunAsync(Host.Services.GetRequiredService<IEhrEndpoint>(), CancellationToken.None);

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            _state.Dispose();
            await Server.DisposeAsync();
        }
    }
}
