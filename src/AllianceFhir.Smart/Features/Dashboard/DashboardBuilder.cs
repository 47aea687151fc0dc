using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Informants;
using AllianceFhir.Core.Resources;
using AllianceFhir.Core.Ruptures;
using AllianceFhir.Core.Scoring.Input;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Trajectories;
using AllianceFhir.Smart.Features.Alerts;
using Hl7.Fhir.Model;

namespace AllianceFhir.Smart.Features.Dashboard;

/// <summary>
/// Turns what the EHR holds for a patient (QuestionnaireResponses, score Observations, alerts) into the dashboard,
/// with Core doing all the maths: scoring, trajectories, reliable change, caseness, ruptures and repairs. Every
/// threshold comes from the catalogue (profiles/), none from here.
/// </summary>
public sealed class DashboardBuilder(InstrumentCatalogue catalogue, TrajectorySettings settings, InformantSettings? informants = null)
{
    private readonly TrajectoryCalculator _calculator = new(settings);
    private readonly InformantChartBuilder _informants = new(catalogue, informants ?? new InformantSettings());
    private readonly ResponseScorer _scorer = new(catalogue);

    /// <summary>
    /// One response from the EHR's search, as its raw JSON: read and scored by Core's <see cref="ResponseReader"/> and
    /// <see cref="ResponseScorer"/>, as <c>score</c>, the nightly job and CDS Hooks read and score it (issue 12). Its
    /// score points (none when it is another patient's), or rejected with the scorer's reasons.
    /// </summary>
    public ScoredResponse Score(string patientReference, JsonElement response)
    {
        var read = ResponseReader.Read(JsonMarshal.GetRawUtf8Value(response));
        var result = read.Score(_scorer);
        if ((read.Input is { } input ? input.Subject : result.PatientReference) != patientReference) return ScoredResponse.None;
        if (result.IsRejected) return ScoredResponse.RejectedFor(result.Issues.Where(i => i.Severity == IssueSeverity.Error).ToList());
        var id = read.Input!.Id;
        var reference = $"QuestionnaireResponse/{id}";
        // The same source reference the service gives the score's Observation, so its copy in the EHR is not counted twice.
        return new ScoredResponse(result.Scores.Select(score => (
            new SeriesKey(patientReference, result.Instrument!.Id, score.Scale.Key),
            new ScorePoint(result.Authored!.Value, score.Value, $"Observation/{ResourceIds.For("score", reference, score.Scale.Key)}", id,
                ScoredHere: true, score.Prorated))).ToList(), Rejected: false, Encounter(response))
        {
            // A caregiver's report (docs/domain.md §10): a RelatedPerson answered, or the form is a caregiver version.
            Informant = result.InformantReference is not null || _informants.IsCaregiverVersion(result.Instrument!) ? Informant.Caregiver : Informant.Self,
            InformantReference = result.InformantReference,
        };
    }

    /// <summary>The encounter a response names (display, else reference): a label on the chart, not part of scoring.</summary>
    private static string? Encounter(JsonElement response)
    {
        if (!response.TryGetProperty("encounter", out var encounter) || encounter.ValueKind != JsonValueKind.Object) return null;
        foreach (var name in (ReadOnlySpan<string>)["display", "reference"])
            if (encounter.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String) return value.GetString();
        return null;
    }

    /// <param name="zone">The clinician's time zone, for the dates the summary names (UTC when null).</param>
    /// <param name="informantLabels">RelatedPerson reference → "Mother (Jane Doe)", for the caregivers the EHR let us read.</param>
    public DashboardView Build(string patientId, Patient? patient, IEnumerable<ScoredResponse> responses, IEnumerable<Observation> observations,
        IReadOnlyList<AlertView> alerts, TimeZoneInfo? zone = null, IReadOnlyDictionary<string, string>? informantLabels = null)
    {
        var caregiver = new List<(string? Informant, SeriesKey Key, ScorePoint Point)>();
        zone ??= TimeZoneInfo.Utc;
        var encounters = new Dictionary<string, string>(StringComparer.Ordinal);
        var patientReference = $"Patient/{patientId}";
        var series = new Dictionary<SeriesKey, ScoreSeries>();
        ScoreSeries Series(SeriesKey key) => series.TryGetValue(key, out var found) ? found : series[key] = new ScoreSeries(key);
        var skipped = 0;
        foreach (var response in responses)
        {
            if (response.Rejected) { skipped++; continue; }
            foreach (var (key, point) in response.Points)
            {
                if (key.PatientReference != patientReference) continue;
                if (response.Informant == Informant.Caregiver)
                {
                    caregiver.Add((response.InformantReference, key, point));
                    continue;
                }
                Series(key).Add(point);
                if (response.Encounter is { } encounter && point.ResponseId is { } id) encounters[id] = encounter;
            }
        }
        foreach (var observation in observations)
            if (ReadScore(observation) is { } read && read.Key.PatientReference == patientReference)
            {
                // A score whose performer is a RelatedPerson is a caregiver report (the service writes it so).
                if (observation.Performer.Select(p => p.Reference).FirstOrDefault(ResponseInformant.IsRelatedPerson) is { } informant)
                    caregiver.Add((informant, read.Key, read.Point));
                else Series(read.Key).Add(read.Point);
            }

        var symptoms = new List<SymptomChart>();
        var trajectories = new Dictionary<string, Trajectory>(StringComparer.Ordinal);
        var allianceSeries = new List<(Instrument Instrument, ScaleDefinition Scale, IReadOnlyList<ScorePoint> Points)>();
        foreach (var s in series.Values.OrderBy(s => s.Key.InstrumentId, StringComparer.Ordinal))
        {
            var instrument = catalogue.FindById(s.Key.InstrumentId)!;
            var scale = instrument.FindScale(s.Key.ScaleKey)!;
            var points = s.Ordered();
            if (instrument.Category == InstrumentCategory.Symptom && scale.Key == instrument.TotalScale.Key)
            {
                var trajectory = _calculator.Calculate(s.Key, instrument, scale, points);
                trajectories[instrument.Id] = trajectory;
                symptoms.Add(Symptom(trajectory, encounters));
            }
            else if (instrument.Category == InstrumentCategory.Alliance) allianceSeries.Add((instrument, scale, points));
        }
        var alliance = allianceSeries.GroupBy(a => a.Instrument.Id, StringComparer.Ordinal).Select(g => Alliance(g.First().Instrument, g.ToList(), encounters)).ToList();
        string Day(DateTimeOffset when) => TimeZoneInfo.ConvertTime(when, zone).ToString("d MMM yyyy", CultureInfo.InvariantCulture);

        var summary = new List<string>();
        foreach (var t in trajectories.Values) summary.AddRange(SymptomSummary(t, Day));
        if (trajectories.GetValueOrDefault(settings.PairedDepressionInstrument) is { } depression &&
            trajectories.GetValueOrDefault(settings.PairedAnxietyInstrument) is { } anxiety &&
            PairedOutcomeCalculator.Calculate(depression, anxiety) is { } paired)
            summary.Add(PairedSummary(paired));
        foreach (var chart in alliance) summary.AddRange(AllianceSummary(chart, Day));
        var (informantCharts, informantSummary) = _informants.Build(series, caregiver, informantLabels ?? new Dictionary<string, string>(), Day);
        summary.AddRange(informantSummary);
        if (summary.Count == 0) summary.Add("No scored questionnaires yet for this client.");
        return new DashboardView(patient is null ? null : Banner(patient), symptoms, alliance, alerts, summary, skipped) { TimeZone = zone.Id, Informants = informantCharts };
    }

    /// <summary>
    /// A score Observation in the EHR: the EHR's own (e.g. LOINC 44261-6) or one the service wrote. The latter counts
    /// only when its QuestionnaireResponse was not read (ScoreSeries drops it when it was), so the dashboard still
    /// shows scores when the EHR granted no access to responses.
    /// </summary>
    private (SeriesKey Key, ScorePoint Point)? ReadScore(Observation observation)
    {
        if (!observation.Identifier.Any(i => i.System == CanonicalUrls.ScoreIdentifierSystem))
            return ObservationScoreReader.TryRead(observation, catalogue, out _);
        var copy = (Observation)observation.DeepCopy();
        copy.Identifier.RemoveAll(i => i.System == CanonicalUrls.ScoreIdentifierSystem);
        return ObservationScoreReader.TryRead(copy, catalogue, out _);
    }

    private SymptomChart Symptom(Trajectory t, Dictionary<string, string> encounters)
    {
        var instrument = t.Instrument;
        var scale = t.Scale;
        var points = new List<PointView>(t.Points.Count);
        for (var i = 0; i < t.Points.Count; i++)
        {
            var p = t.Points[i];
            string? reliable = null;
            if (i > 0)
            {
                // Reliable change from intake to this score: Core's rule on the pair (the same as on the whole prefix).
                var upTo = _calculator.Calculate(t.Key, instrument, scale, [t.Points[0], p]);
                reliable = upTo.ReliableImprovement ? "improvement" : upTo.ReliableDeterioration ? "deterioration" : null;
            }
            points.Add(new PointView(i + 1, p.When, p.Value, instrument.BandFor(scale.Key, p.Value)?.Display, p.Prorated, reliable) { Encounter = EncounterOf(p, encounters) });
        }
        var caseness = instrument.FindCutoff(scale.Key, CutoffKind.Caseness);
        return new SymptomChart(instrument.Id, instrument.Title, ShortName(instrument), scale.Min, scale.Max,
            instrument.Bands.Where(b => b.Scale == scale.Key).Select(b => new BandView(b.Min, b.Max, b.Code, b.Display)).ToList(),
            caseness is null ? null : new LineView("caseness", caseness.Comparator, caseness.Value, caseness.Source),
            t.ReliableChangeThreshold, points, Code(t.Status), t.ExpectedLatest, t.NotOnTrack)
        {
            Expected = ExpectedCourse(t),
            ScaleNotes = ScaleEffects.Describe(ShortName(instrument), "score", instrument.Direction, scale, t.Points.Select(p => p.Value).ToList()),
        };
    }

    private static string? EncounterOf(ScorePoint p, Dictionary<string, string> encounters) =>
        p.ResponseId is { } id && encounters.TryGetValue(id, out var e) ? e : null;

    /// <summary>
    /// Core's expected course (TrajectoryCalculator.Expected) at every session, with the not-on-track tolerance either side:
    /// above the band from <see cref="TrajectorySettings.NotOnTrackFromSession"/> is exactly Core's not-on-track rule.
    /// </summary>
    private ExpectedTrajectoryView? ExpectedCourse(Trajectory t)
    {
        var baseline = t.Baseline.Value;
        var tolerance = Math.Round((t.ReliableChangeThreshold ?? 0) * settings.NotOnTrackToleranceFraction, 1, MidpointRounding.AwayFromZero);
        var points = new List<ExpectedPointView>(t.Points.Count);
        for (var i = 0; i < t.Points.Count; i++)
        {
            if (_calculator.Expected(t.Instrument, t.Scale, baseline, i + 1) is not { } e) return null;
            points.Add(new ExpectedPointView(i + 1, t.Points[i].When, e, Math.Max(t.Scale.Min, e - tolerance), Math.Min(t.Scale.Max, e + tolerance)));
        }
        var defaults = new TrajectorySettings();
        // The shipped k and tolerance are unverified defaults (TrajectorySettings; docs/adr/0002): say so until a site sets its own.
        var unverified = settings.ExpectedImprovementPerLogSession == defaults.ExpectedImprovementPerLogSession
                         && settings.NotOnTrackToleranceFraction == defaults.NotOnTrackToleranceFraction;
        var k = settings.ExpectedImprovementPerLogSession;
        return new ExpectedTrajectoryView(
            $"expected(s) = intake × (1 − {Fmt(k)}·ln s), ± {Fmt(tolerance)}",
            "Log-linear dose–response curve, the shape of OQ-Analyst's expected recovery curves (Finch, Lambert & Schaalje 2001); docs/adr/0002",
            unverified, k, tolerance, settings.NotOnTrackFromSession,
            $"Not on track means that, from the {Ordinal(settings.NotOnTrackFromSession)} score on, the latest score is above this band: more than {Fmt(tolerance)} points worse than expected for a client who started at {Fmt(baseline)}.",
            points);
    }

    private static string Ordinal(int n) => n switch { 1 => "1st", 2 => "2nd", 3 => "3rd", _ => $"{n}th" };

    private static AllianceChart Alliance(Instrument instrument, IReadOnlyList<(Instrument Instrument, ScaleDefinition Scale, IReadOnlyList<ScorePoint> Points)> series,
        Dictionary<string, string> encounters)
    {
        var scales = new List<ScaleSeriesView>();
        var ruptures = new List<RuptureView>();
        foreach (var (_, scale, points) in series.OrderBy(s => s.Scale.Key == "total" ? 0 : 1).ThenBy(s => s.Scale.Key, StringComparer.Ordinal))
        {
            scales.Add(new ScaleSeriesView(scale.Key, Label(scale.Key), scale.Min, scale.Max,
                points.Select((p, i) => new PointView(i + 1, p.When, p.Value, instrument.BandFor(scale.Key, p.Value)?.Display, p.Prorated, null) { Encounter = EncounterOf(p, encounters) }).ToList())
            {
                ScaleNotes = ScaleEffects.Describe(ShortName(instrument), scale.Key == "total" ? "total" : $"{scale.Key} subscale", instrument.Direction, scale,
                    points.Select(p => p.Value).ToList()),
            });
            var rules = instrument.RuptureRules.Where(r => r.Scale == scale.Key).ToList();
            if (rules.Count > 0) ruptures.AddRange(Merge(scale.Key, RuptureDetector.Detect(points, rules)));
        }
        var concern = instrument.FindCutoff("total", CutoffKind.AllianceConcern);
        return new AllianceChart(instrument.Id, instrument.Title, ShortName(instrument), scales,
            concern is null ? null : new LineView("alliance-concern", concern.Comparator, concern.Value, concern.Source), ruptures);
    }

    /// <summary>Episodes found by several rules at the same session are one rupture; it is repaired when every rule saw it repaired.</summary>
    private static IEnumerable<RuptureView> Merge(string scale, IReadOnlyList<RuptureEpisode> episodes) =>
        episodes.GroupBy(e => e.StartSession).OrderBy(g => g.Key).Select(g =>
        {
            var first = g.First();
            var open = g.Any(e => !e.Repaired);
            var repaired = open ? null : g.MaxBy(e => e.RepairSession);
            return new RuptureView(scale, g.Select(e => e.Rule.Name).ToList(), first.StartSession, first.StartDate, g.Max(e => e.PreRuptureLevel),
                g.Min(e => e.LowestScore), repaired?.RepairSession, repaired?.RepairDate);
        });

    private static IEnumerable<string> SymptomSummary(Trajectory t, Func<DateTimeOffset, string> day)
    {
        var name = ShortName(t.Instrument);
        var course = $"{name} {Fmt(t.Baseline.Value)} → {Fmt(t.Latest.Value)}";
        yield return t.Status switch
        {
            TrajectoryStatus.InsufficientData => $"{name} at intake: {Fmt(t.Baseline.Value)} (one score so far).",
            TrajectoryStatus.ReliableRecovery => $"Reliable improvement since intake: {course}, now below the caseness threshold (reliable recovery).",
            TrajectoryStatus.Recovered => $"Below the caseness threshold since intake, without reliable change: {course}.",
            TrajectoryStatus.ReliableImprovement => $"Reliable improvement since intake: {course}.",
            TrajectoryStatus.ReliableDeterioration => $"Reliable deterioration since intake: {course}. Consider reviewing the plan with the client.",
            _ => $"No reliable change since intake: {course}.",
        };
        if (t.NotOnTrack && t.ExpectedLatest is { } expected)
            yield return $"{name} is {Fmt(t.Latest.Value)} on {day(t.Latest.When)} ({Ordinal(t.Sessions)} score), above the expected {Fmt(expected)}: consider reviewing the plan with the client.";
    }

    /// <summary>
    /// Each rupture with its dates (and which subscales fell most at its start), the latest subscale scores, and the
    /// ceiling note when every rating is at the top of the scale.
    /// </summary>
    private static IEnumerable<string> AllianceSummary(AllianceChart chart, Func<DateTimeOffset, string> day)
    {
        var total = chart.Scales.FirstOrDefault(s => s.Key == "total");
        var subscales = chart.Scales.Where(s => s.Key != "total").ToList();
        foreach (var r in chart.Ruptures)
        {
            var name = r.Scale == "total" ? chart.Name : $"{chart.Name} {r.Scale}";
            var fell = r.Scale == "total" ? SubscaleDrops(subscales, r.StartDate) : "";
            yield return r.RepairDate is { } repaired
                ? $"Alliance ({name}) dipped on {day(r.StartDate)} ({Fmt(r.PreRuptureLevel)} to {Fmt(r.LowestScore)}{fell}) and recovered on {day(repaired)}."
                : $"Alliance ({name}) dipped on {day(r.StartDate)} ({Fmt(r.PreRuptureLevel)} to {Fmt(r.LowestScore)}{fell}) and has not yet returned to its earlier level: consider checking in with the client about how sessions are going.";
        }
        if (subscales.Count > 0 && subscales.All(s => s.Points.Count > 0))
        {
            var latest = subscales.Max(s => s.Points[^1].Date);
            yield return $"{chart.Name} subscales on {day(latest)}: " +
                string.Join(", ", subscales.Select(s => $"{s.Key} {Fmt(s.Points[^1].Value)}")) + $" (each {Fmt(subscales[0].Min)}–{Fmt(subscales[0].Max)}).";
        }
        if (total?.ScaleNotes.FirstOrDefault(n => n.Contains(ScaleEffects.NotEvidence, StringComparison.Ordinal)) is { } ceiling) yield return ceiling;
    }

    /// <summary>"; largest subscale drop: bond 16 to 12": the subscale(s) that fell most from their previous score at the rupture's start.</summary>
    private static string SubscaleDrops(IReadOnlyList<ScaleSeriesView> subscales, DateTimeOffset start)
    {
        var drops = subscales.Select(s =>
        {
            var i = s.Points.ToList().FindIndex(p => p.Date == start);
            return i > 0 ? (s.Key, From: s.Points[i - 1].Value, To: s.Points[i].Value) : (s.Key, From: 0m, To: 0m);
        }).Where(d => d.From > d.To).ToList();
        if (drops.Count == 0) return "";
        var most = drops.Max(d => d.From - d.To);
        return "; largest subscale drop: " + string.Join(", ", drops.Where(d => d.From - d.To == most).Select(d => $"{d.Key} {Fmt(d.From)} to {Fmt(d.To)}"));
    }

    private static string PairedSummary(PairedOutcome p) =>
        "PHQ-9 and GAD-7 together (NHS Talking Therapies): " + (
            p.ReliableRecovery == true ? "reliable recovery."
            : p.Recovery == true ? "recovered, without reliable improvement."
            : p.ReliableImprovement ? "reliable improvement."
            : p.ReliableDeterioration ? "reliable deterioration."
            : p.CaseAtFirst ? "no reliable change yet." : "not a case at the first measure.");

    private static PatientBanner Banner(Patient p)
    {
        var name = p.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? p.Name.FirstOrDefault();
        var display = name is null ? "(no name recorded)" : name.Text ?? string.Join(" ", name.Given.Append(name.Family).Where(s => !string.IsNullOrEmpty(s)));
        // The medical record number when there is one (v2-0203 MR), else the first identifier, labelled by its type.
        var identifier = p.Identifier.FirstOrDefault(i => IsMrn(i.Type)) ?? p.Identifier.FirstOrDefault();
        return new PatientBanner(p.Id ?? "", display, p.BirthDate, p.Gender?.ToString().ToLowerInvariant(), identifier?.Value,
            identifier is null ? null : IdentifierLabel(identifier.Type));
    }

    private const string IdentifierTypes = "http://terminology.hl7.org/CodeSystem/v2-0203";

    private static bool IsMrn(CodeableConcept? type) => type?.Coding.Any(c => c.System == IdentifierTypes && c.Code == "MR") == true;

    /// <summary>"MRN" for v2-0203 MR; else the type's text or display or code; "ID" when the identifier has no type.</summary>
    private static string IdentifierLabel(CodeableConcept? type) =>
        IsMrn(type) ? "MRN"
        : !string.IsNullOrWhiteSpace(type?.Text) ? type.Text
        : type?.Coding.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Display))?.Display
          ?? type?.Coding.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Code))?.Code
          ?? "ID";

    /// <summary>The abbreviation in the title's last brackets ("Patient Health Questionnaire (PHQ-9)" → "PHQ-9"), else the title.</summary>
    public static string ShortName(Instrument instrument)
    {
        var title = instrument.Title;
        var open = title.LastIndexOf('(');
        return open >= 0 && title.EndsWith(')') && title.Length - open > 2 ? title[(open + 1)..^1] : title;
    }

    private static string Label(string key) => key.Length == 0 ? key : char.ToUpperInvariant(key[0]) + key[1..];

    private static string Code(TrajectoryStatus status) => status switch
    {
        TrajectoryStatus.InsufficientData => "insufficient-data",
        TrajectoryStatus.ReliableRecovery => "reliable-recovery",
        TrajectoryStatus.Recovered => "recovered",
        TrajectoryStatus.ReliableImprovement => "reliable-improvement",
        TrajectoryStatus.ReliableDeterioration => "reliable-deterioration",
        _ => "no-reliable-change",
    };

    private static string Fmt(decimal d) => d.ToString("0.#", CultureInfo.InvariantCulture);
}
