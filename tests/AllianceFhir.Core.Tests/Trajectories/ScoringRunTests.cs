using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Pipeline;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Scoring.Input;
using AllianceFhir.Core.Tests.Support;
using AllianceFhir.Core.Trajectories;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Trajectories;

/// <summary>
/// A run over a cohort: Bulk Data files arrive in any order, and an EHR may already hold its own PHQ-9 total
/// Observations (LOINC 44261-6). The trajectory a clinician sees must not depend on file order, and a score must never be
/// counted twice (US Core: a score Observation points at its QuestionnaireResponse through derivedFrom).
/// </summary>
public class ScoringRunTests
{
    // Three weekly PHQ-9 responses, item 9 = 0:
    //   week 0: 3+3+2+2+2+2+2+2+0 = 18;  week 1: 3+2+2+2+2+2+1+1+0 = 15;  week 2: 1+1+1+1+1+1+1+2+0 = 9.
    private static QuestionnaireResponse[] ThreeWeeks() =>
    [
        Responses.Phq9(3, 3, 2, 2, 2, 2, 2, 2, 0).WithId("qr-w0").At(Points.Start),
        Responses.Phq9(3, 2, 2, 2, 2, 2, 1, 1, 0).WithId("qr-w1").At(Points.Start.AddDays(7)),
        Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 2, 0).WithId("qr-w2").At(Points.Start.AddDays(14)),
    ];

    [Fact]
    public void Complete_WhenResponsesArriveShuffled_ThenSameTrajectoryAsInDateOrder()
    {
        var inOrder = Phq9Trajectory(ThreeWeeks());
        var weeks = ThreeWeeks();
        var shuffled = Phq9Trajectory([weeks[2], weeks[0], weeks[1]]);

        // Hand values: 18 -> 15 -> 9; improvement 9 ≥ 6, 18 ≥ 10 a case, 9 < 10 not -> reliable recovery;
        // slope over weeks 0, 1, 2 = −9 / 2 = −4.5 points per week.
        Assert.Equal(new[] { 18m, 15m, 9m }, inOrder.Points.Select(p => p.Value));
        Assert.Equal(inOrder.Points.Select(p => (p.When, p.Value)), shuffled.Points.Select(p => (p.When, p.Value)));
        Assert.Equal(TrajectoryStatus.ReliableRecovery, shuffled.Status);
        Assert.Equal(inOrder.Status, shuffled.Status);
        Assert.Equal(-9m, shuffled.Change);
        Assert.Equal(-4.5m, shuffled.SlopePerWeek);
        Assert.Equal(inOrder.SlopePerWeek, shuffled.SlopePerWeek);
        Assert.Equal(inOrder.ExpectedLatest, shuffled.ExpectedLatest);
    }

    [Fact]
    public void AddResponse_WhenACaregiverAnsweredTheClientsSelfReportForm_ThenScoredButNotOnTheClientsTrajectory()
    {
        // Weeks 0 and 2 by the client (18, 9); week 1 by her mother on the same PHQ-9 form (15): the client's own
        // series is 18 -> 9 (2 sessions); the mother's 15 is scored, with her as performer, but is no session of the client's.
        var weeks = ThreeWeeks();
        weeks[1].Author = new ResourceReference("RelatedPerson/mum-1");
        var run = NewRun();
        var outcomes = weeks.Select(w => run.AddResponse(w)).ToList();

        var trajectory = run.Complete().SelectMany(p => p.Series).Single(o => o.Key.InstrumentId == "phq-9").Trajectory!;

        Assert.Equal(new[] { 18m, 9m }, trajectory.Points.Select(p => p.Value));
        Assert.Equal(2, trajectory.Sessions);
        var mothers = Assert.Single(outcomes[1].Scores);
        Assert.Equal(15m, Assert.IsType<Quantity>(mothers.Value).Value);
        Assert.Equal("RelatedPerson/mum-1", Assert.Single(mothers.Performer).Reference);
    }

    [Fact]
    public void AddObservation_WhenEhrTotalDerivedFromAResponseWeAlsoScored_ThenNotCountedTwice()
    {
        // The EHR's own 44261-6 = 18 for qr-w0 is the same score as ours: still three sessions, not four.
        var run = NewRun();
        foreach (var response in ThreeWeeks()) run.AddResponse(response);

        var reason = run.AddObservation(EhrTotal("ehr-1", 18, Points.Start, derivedFrom: "QuestionnaireResponse/qr-w0"));
        var trajectory = run.Complete().SelectMany(p => p.Series).Single(o => o.Key.InstrumentId == "phq-9").Trajectory!;

        Assert.Null(reason);
        Assert.Equal(3, trajectory.Sessions);
        Assert.Equal(new[] { 18m, 15m, 9m }, trajectory.Points.Select(p => p.Value));
    }

    [Fact]
    public void AddObservation_WhenEhrTotalDerivedFromAVersionedReferenceToAResponseWeScored_ThenNotCountedTwice()
    {
        // derivedFrom "QuestionnaireResponse/qr-w0/_history/1" is still response qr-w0: the same score, not a fourth session.
        var run = NewRun();
        foreach (var response in ThreeWeeks()) run.AddResponse(response);

        run.AddObservation(EhrTotal("ehr-1", 18, Points.Start, derivedFrom: "QuestionnaireResponse/qr-w0/_history/1"));
        var trajectory = run.Complete().SelectMany(p => p.Series).Single(o => o.Key.InstrumentId == "phq-9").Trajectory!;

        Assert.Equal(3, trajectory.Sessions);
    }

    [Fact]
    public void AddObservation_WhenEhrTotalHasNoDerivedFrom_ThenItJoinsTheSeries()
    {
        // A PHQ-9 total the clinic recorded directly (no response behind it), week 3 = 6: it is a fourth session.
        // Series 18, 15, 9, 6; change 6 − 18 = −12.
        var run = NewRun();
        foreach (var response in ThreeWeeks()) run.AddResponse(response);

        var reason = run.AddObservation(EhrTotal("ehr-2", 6, Points.Start.AddDays(21), derivedFrom: null));
        var trajectory = run.Complete().SelectMany(p => p.Series).Single(o => o.Key.InstrumentId == "phq-9").Trajectory!;

        Assert.Null(reason);
        Assert.Equal(new[] { 18m, 15m, 9m, 6m }, trajectory.Points.Select(p => p.Value));
        Assert.Equal(-12m, trajectory.Change);
        Assert.Equal("Observation/ehr-2", trajectory.Latest.SourceReference);
    }

    [Fact]
    public void AddResponse_WhenRejectedResponseHasPositiveItem9_ThenSafetyAlertButNoScoreInTheSeries()
    {
        // Item 9 = 3 with a stray linkId '99': no score is written and nothing joins the trajectory, but the alert goes out.
        var run = NewRun();
        var response = Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 3).WithItem("99", Responses.Frequency(1));

        var outcome = run.AddResponse(response);

        Assert.True(outcome.Result.IsRejected);
        Assert.Empty(outcome.Scores);
        Assert.NotNull(outcome.SafetyAlert);
        Assert.Equal(0, run.SeriesCount);
    }

    [Fact]
    public void AddResponse_WhenTheCallerPlannedTheSafetyAlert_ThenTheOutcomeCarriesThatPlan()
    {
        // Item 9 = 2 ("more than half the days"): the worker that scored the line planned its safety alert; the run
        // takes that plan rather than making the alert's texts again, and the alert is still there.
        var input = ResponseInput.From(Responses.Phq9(1, 1, 1, 1, 1, 1, 1, 1, 2).WithId("qr-i9"));
        var scored = new ResponseScorer(TestCatalogue.Instance).Score(input);
        var planned = AlertPlanner.ForSafety(scored, "QuestionnaireResponse/qr-i9");

        var outcome = NewRun().AddResponse(input, buildObservations: false, scored, plannedSafety: true, safety: planned);

        Assert.NotNull(planned);
        Assert.Same(planned, outcome.SafetyAlert);
        Assert.Equal(NewRun().AddResponse(input).SafetyAlert?.Key, outcome.SafetyAlert?.Key);
        Assert.Throws<ArgumentException>(() => NewRun().AddResponse(input, plannedSafety: true, safety: planned));
    }

    private static ScoringRun NewRun() => new(TestCatalogue.Instance, new TrajectorySettings());

    private static Trajectory Phq9Trajectory(IEnumerable<QuestionnaireResponse> responses)
    {
        var run = NewRun();
        foreach (var response in responses) Assert.False(run.AddResponse(response).Result.IsRejected);
        return run.Complete().SelectMany(p => p.Series).Single(o => o.Key.InstrumentId == "phq-9").Trajectory!;
    }

    private static Observation EhrTotal(string id, decimal value, DateTimeOffset when, string? derivedFrom)
    {
        var observation = new Observation
        {
            Id = id,
            Status = ObservationStatus.Final,
            Code = new CodeableConcept(Responses.Loinc, "44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
            Subject = new ResourceReference(Responses.DefaultPatient),
            Effective = new FhirDateTime(when),
            Value = new Quantity { Value = value, Unit = "{score}", System = "http://unitsofmeasure.org", Code = "{score}" },
        };
        if (derivedFrom is not null) observation.DerivedFrom.Add(new ResourceReference(derivedFrom));
        return observation;
    }
}
