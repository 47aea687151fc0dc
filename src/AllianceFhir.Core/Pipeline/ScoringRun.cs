using System.Runtime.CompilerServices;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Resources;
using AllianceFhir.Core.Ruptures;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Scoring.Input;
using AllianceFhir.Core.Trajectories;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Pipeline;

/// <summary>
/// One pass over a cohort: responses and EHR score Observations go in, in any order; per-response output comes
/// out at once (so memory does not grow with the input), and per-series output once everything is in.
/// Holds only the per-patient score series.
/// </summary>
public sealed class ScoringRun(InstrumentCatalogue catalogue, TrajectorySettings settings, TimeProvider? time = null)
{
    private readonly ResponseScorer _scorer = new(catalogue, time);
    private readonly TrajectoryCalculator _trajectories = new(settings);
    private readonly Dictionary<SeriesKey, ScoreSeries> _series = [];

    public ResponseOutcome AddResponse(QuestionnaireResponse response) => AddResponse(ResponseInput.From(response));

    /// <summary>
    /// As <see cref="AddResponse(QuestionnaireResponse)"/> on Core's input model. Without <paramref name="buildObservations"/>
    /// the outcome carries no Observation POCOs (the caller writes them with <see cref="ScoreObservationJson"/> from the
    /// result's scores); the points name the same Observation ids either way.
    /// </summary>
    /// <param name="scored">The response's score when the caller scored it already (on another thread, with the same catalogue and clock); else it is scored here.</param>
    /// <param name="observationReferences">With <paramref name="scored"/>: "Observation/{id}" of each of its scores, in order, when the caller computed them already (<see cref="ScoreObservationBuilder.IdFor"/>: a hash, not computed twice).</param>
    /// <param name="responseReference">"QuestionnaireResponse/{id}" of <paramref name="response"/>, when the caller made it already.</param>
    /// <param name="plannedSafety">With <paramref name="scored"/>: <see cref="AlertPlanner.ForSafety"/> of it, when the caller planned it already (its value, null for no alert, in <paramref name="safety"/>).</param>
    /// <param name="safety">The caller's <see cref="AlertPlanner.ForSafety"/> when <paramref name="plannedSafety"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ResponseOutcome AddResponse(ResponseInput response, bool buildObservations = true, ScoringResult? scored = null, IReadOnlyList<string>? observationReferences = null,
        string? responseReference = null, bool plannedSafety = false, AlertIntent? safety = null)
    {
        if (observationReferences is not null && (scored is null || observationReferences.Count != scored.Scores.Count))
            throw new ArgumentException("Observation references come with the score they name, one per scale score", nameof(observationReferences));
        if (plannedSafety && scored is null) throw new ArgumentException("A planned safety alert comes with the score it was planned for", nameof(plannedSafety));
        var result = scored ?? _scorer.Score(response);
        var reference = responseReference ?? $"QuestionnaireResponse/{response.Id}";
        if (!plannedSafety) safety = AlertPlanner.ForSafety(result, reference);
        if (result.IsRejected) return new ResponseOutcome(result, [], [], safety);

        var observations = buildObservations ? new List<Observation>(result.Scores.Count) : null;
        var points = new List<(SeriesKey, ScorePoint)>(result.Scores.Count);
        // A caregiver who answered the client's own self-report form (a RelatedPerson as author or source) reports about
        // the client: the score is written (performer = the RelatedPerson), but it is not a point of the client's own
        // trajectory, rupture series or alerts (docs/domain.md §10). A caregiver version (RCADS-P) has its own series.
        var selfReportByCaregiver = result.InformantReference is not null && result.Instrument!.Informant == Informant.Self;
        for (var i = 0; i < result.Scores.Count; i++)
        {
            var score = result.Scores[i];
            observations?.Add(ScoreObservationBuilder.Build(result, score, reference));
            if (selfReportByCaregiver) continue;
            var key = new SeriesKey(result.PatientReference!, result.Instrument!.Id, score.Scale.Key);
            var observation = observationReferences?[i] ?? ScoreObservationBuilder.ReferenceFor(reference, score);
            var point = new ScorePoint(result.Authored!.Value, score.Value, observation, response.Id, ScoredHere: true, score.Prorated);
            Series(key).Add(point);
            points.Add((key, point));
        }
        return new ResponseOutcome(result, (IReadOnlyList<Observation>?)observations ?? [], points, safety);
    }

    /// <summary>
    /// A response that did not parse as FHIR: nothing is scored, but its safety item is read from the raw JSON and a
    /// positive answer yields the safety alert (<see cref="SafetyReader"/>). The result carries <paramref name="rejection"/>.
    /// </summary>
    public ResponseOutcome AddUnparsedResponse(string json, ScoringIssue rejection)
    {
        var result = _scorer.ScoreUnparsed(json, rejection);
        return new ResponseOutcome(result, [], [], AlertPlanner.ForSafety(result, $"QuestionnaireResponse/{result.ResponseId}"));
    }

    /// <summary>Adds an EHR-stored score (e.g. LOINC 44261-6) to its series; returns why it was not used, or null.</summary>
    public string? AddObservation(Observation observation) => AddObservation(observation, out _);

    /// <summary>As <see cref="AddObservation(Observation)"/>; <paramref name="badInput"/>: an EHR total that should have been usable and is not.</summary>
    public string? AddObservation(Observation observation, out bool badInput)
    {
        var read = ObservationScoreReader.TryRead(observation, catalogue, out var reason, out badInput);
        if (read is { } r) Series(r.Key).Add(r.Point);
        return reason;
    }

    /// <summary>
    /// A response whose later version superseded the one already added (the same id seen twice with other answers):
    /// its points leave the series, so one response yields one score per scale. Returns what was taken out.
    /// </summary>
    public IReadOnlyList<(SeriesKey Key, ScorePoint Point)> Supersede(string responseId)
    {
        var removed = new List<(SeriesKey, ScorePoint)>();
        foreach (var series in _series.Values)
            foreach (var point in series.RemoveScoredFrom(responseId)) removed.Add((series.Key, point));
        return removed;
    }

    /// <summary>
    /// A superseded version of a response already added: nothing is scored, but its safety item is read and a positive
    /// answer still yields the safety alert (same key as the kept version's: one alert per response).
    /// </summary>
    public ResponseOutcome AddSupersededResponse(QuestionnaireResponse response, ScoringIssue superseded) =>
        AddSupersededResponse(ResponseInput.From(response), superseded);

    /// <summary>As <see cref="AddSupersededResponse(QuestionnaireResponse, ScoringIssue)"/> on Core's input model.</summary>
    public ResponseOutcome AddSupersededResponse(ResponseInput response, ScoringIssue superseded)
    {
        var scored = _scorer.Score(response);
        var result = scored with { Scores = [], Issues = [superseded, .. scored.Issues.Where(i => i.Code.StartsWith("safety-", StringComparison.Ordinal))] };
        return new ResponseOutcome(result, [], [], AlertPlanner.ForSafety(scored, $"QuestionnaireResponse/{response.Id}"));
    }

    /// <summary>A score from history (the service's store), so a batch sees the whole course without re-reading the EHR.</summary>
    public void AddHistory(SeriesKey key, ScorePoint point) => Series(key).Add(point);

    public int SeriesCount => _series.Count;

    /// <summary>Per patient, in patient order: each series' trajectory, ruptures and alerts, and the paired outcome.</summary>
    public IEnumerable<PatientOutcome> Complete()
    {
        foreach (var patient in Patients())
        {
            var evaluation = Evaluate(patient);
            var series = evaluation.Series.Select(Built).ToList();
            var paired = evaluation.Paired;
            yield return new PatientOutcome(patient.PatientReference, series, paired, paired is null ? [] : [PairedOutcomeObservationBuilder.Build(paired)]);
        }
    }

    /// <summary>
    /// The patients, in patient order (ordinal), each with its series: what <see cref="Complete"/> goes through. A list,
    /// so a caller can hand contiguous ranges to <see cref="Evaluate"/> on several threads and write them in this order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IReadOnlyList<PatientSeries> Patients()
    {
        var byPatient = new Dictionary<string, List<ScoreSeries>>(StringComparer.Ordinal);
        foreach (var series in _series.Values)
        {
            if (!byPatient.TryGetValue(series.Key.PatientReference, out var list)) byPatient[series.Key.PatientReference] = list = new List<ScoreSeries>(2);
            list.Add(series);
        }
        var patients = new PatientSeries[byPatient.Count];
        var i = 0;
        foreach (var (patient, list) in byPatient) patients[i++] = new PatientSeries(patient, list);
        Array.Sort(patients, static (a, b) => string.CompareOrdinal(a.PatientReference, b.PatientReference));
        return patients;
    }

    /// <summary>
    /// One patient's trajectories, ruptures, alerts and paired outcome, series in instrument then scale order, with no
    /// resources built. Reads the run's series and changes nothing: safe on several threads at once once the input is in
    /// (no Add or Supersede meanwhile).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PatientEvaluation Evaluate(PatientSeries patient)
    {
        var ordered = patient.Series.ToArray();
        // Keys are unique within a patient, so the order is total and an unstable sort gives the one order.
        if (ordered.Length > 1)
            Array.Sort(ordered, static (a, b) =>
            {
                var byInstrument = string.CompareOrdinal(a.Key.InstrumentId, b.Key.InstrumentId);
                return byInstrument != 0 ? byInstrument : string.CompareOrdinal(a.Key.ScaleKey, b.Key.ScaleKey);
            });
        var series = new SeriesEvaluation[ordered.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            var s = ordered[i];
            var instrument = catalogue.FindById(s.Key.InstrumentId)!;
            series[i] = Evaluate(s.Key, instrument, instrument.FindScale(s.Key.ScaleKey)!, s.Ordered());
        }
        return new PatientEvaluation(patient.PatientReference, series, Paired(series));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private PairedOutcome? Paired(SeriesEvaluation[] series)
    {
        Trajectory? depression = null, anxiety = null;
        var depressionSeen = false;
        var anxietySeen = false;
        // The first series of each instrument, as FirstOrDefault over the ordered series.
        foreach (var s in series)
        {
            if (!depressionSeen && s.Key.InstrumentId == settings.PairedDepressionInstrument) { depression = s.Trajectory; depressionSeen = true; }
            if (!anxietySeen && s.Key.InstrumentId == settings.PairedAnxietyInstrument) { anxiety = s.Trajectory; anxietySeen = true; }
        }
        return depression is null || anxiety is null ? null : PairedOutcomeCalculator.Calculate(depression, anxiety);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SeriesEvaluation Evaluate(SeriesKey key, Instrument instrument, ScaleDefinition scale, IReadOnlyList<ScorePoint> points)
    {
        Trajectory? trajectory = null;
        AlertIntent? notOnTrack = null;
        if (instrument.Category == InstrumentCategory.Symptom && scale.Key == instrument.TotalScale.Key)
        {
            trajectory = _trajectories.Calculate(key, instrument, scale, points);
            notOnTrack = AlertPlanner.ForNotOnTrack(trajectory);
        }

        List<RuptureRule>? rules = null;
        foreach (var rule in instrument.RuptureRules)
            if (rule.Scale == scale.Key) (rules ??= []).Add(rule);
        var ruptures = rules is null ? [] : RuptureDetector.Detect(points, rules);
        var rupture = AlertPlanner.ForRupture(key, instrument, scale, ruptures, points);
        IReadOnlyList<AlertIntent> alerts = (notOnTrack, rupture) switch
        {
            (null, null) => [],
            ({ } n, null) => [n],
            (null, { } r) => [r],
            ({ } n, { } r) => [n, r],
        };
        return new SeriesEvaluation(key, instrument, scale, points, trajectory, ruptures, alerts);
    }

    /// <summary>A series' evaluation with its Observations built (the trajectory's, then each rupture's): what callers of <see cref="Complete"/> get.</summary>
    private static SeriesOutcome Built(SeriesEvaluation e)
    {
        var observations = new List<Observation>(e.Ruptures.Count + 1);
        if (e.Trajectory is not null) observations.Add(TrajectoryObservationBuilder.Build(e.Trajectory));
        foreach (var episode in e.Ruptures) observations.Add(RuptureObservationBuilder.Build(e.Key, e.Instrument, e.Scale, episode, e.Points));
        return new SeriesOutcome(e.Key, e.Trajectory, e.Ruptures, observations, e.Alerts);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ScoreSeries Series(SeriesKey key)
    {
        if (!_series.TryGetValue(key, out var series)) _series[key] = series = new ScoreSeries(key);
        return series;
    }
}
