using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Pipeline;
using AllianceFhir.Core.Resources;
using AllianceFhir.Core.Tests.Catalogue;
using AllianceFhir.Core.Tests.Support;
using AllianceFhir.Core.Trajectories;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Core.Tests.Resources;

/// <summary>
/// Issue 12: the end phase's fast writers (trajectory, rupture and paired-outcome Observations; alerts as Flag, Task and
/// Communication) produce the same resources as the builders. Every patient's series of the bundled cohort (its EHR
/// score Observations included) and of the item-9 golden vectors is evaluated once; each resource is built by its
/// builder and written by its fast writer; the written JSON, parsed with Firely, must be exactly the built resource,
/// and its bytes those Firely writes for the built one with the score command's writer options (so score's files
/// stay the same bytes).
/// </summary>
public class EndPhaseWriterTests
{
    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
    private static readonly FhirJsonSerializer Serializer = new();

    /// <summary>As the score command's ndjson writer writes every line (NdjsonResourceWriter.JsonOptions).</summary>
    private static readonly JsonWriterOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private static readonly AlertChannel[] Channels = [AlertChannel.Flag, AlertChannel.Task, AlertChannel.Communication];

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class Seen
    {
        public int Patients, Trajectories, InsufficientData, WithoutTrajectory, ProratedInTrajectory, EhrPointsInTrajectory, Repaired, Unrepaired, Paired;
        public readonly Dictionary<string, int> Alerts = new(StringComparer.Ordinal);
        public readonly HashSet<string> TrajectoryInstruments = new(StringComparer.Ordinal);
    }

    private static string Utf8(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, LineOptions)) write(json);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void AssertSame(Resource built, Func<Utf8JsonWriter, string> write, string name)
    {
        string? id = null;
        var written = Utf8(w => id = write(w));
        var parsed = Strict.DeserializeResource(written);
        Assert.True(built.IsExactly(parsed), $"{name}: the fast writer differs from the builder\nbuilder: {Serializer.SerializeToString(built)}\nwriter:  {written}");
        Assert.Equal(Utf8(w => Serializer.Serialize(built, w)), written);
        Assert.Equal(built.Id, id);
    }

    /// <summary>Every patient of the run: each resource the end phase writes, builder against fast writer.</summary>
    private static Seen Compare(ScoringRun run, string name, Seen? seen = null)
    {
        seen ??= new Seen();
        foreach (var patient in run.Patients())
        {
            seen.Patients++;
            var evaluation = run.Evaluate(patient);
            foreach (var series in evaluation.Series)
            {
                var label = $"{name} {series.Key.PatientReference} {series.Key.InstrumentId} {series.Key.ScaleKey}";
                if (series.Trajectory is { } t)
                {
                    AssertSame(TrajectoryObservationBuilder.Build(t), w => TrajectoryObservationJson.Write(w, t), $"{label} trajectory");
                    seen.Trajectories++;
                    seen.TrajectoryInstruments.Add(series.Key.InstrumentId);
                    if (t.Status == TrajectoryStatus.InsufficientData) seen.InsufficientData++;
                    if (t.Points.Any(p => p.Prorated)) seen.ProratedInTrajectory++;
                    if (t.Points.Any(p => !p.ScoredHere)) seen.EhrPointsInTrajectory++;
                }
                else seen.WithoutTrajectory++;
                foreach (var episode in series.Ruptures)
                {
                    AssertSame(RuptureObservationBuilder.Build(series.Key, series.Instrument, series.Scale, episode, series.Points),
                        w => RuptureObservationJson.Write(w, series.Key, series.Instrument, series.Scale, episode, series.Points), $"{label} rupture {episode.Rule.Name} at {episode.StartSession}");
                    if (episode.Repaired) seen.Repaired++; else seen.Unrepaired++;
                }
                foreach (var alert in series.Alerts)
                {
                    foreach (var channel in Channels)
                    {
                        var built = AlertResourceBuilder.Build(alert, channel);
                        Assert.Equal(built.TypeName, AlertResourceJson.TypeName(channel));
                        AssertSame(built, w => AlertResourceJson.Write(w, alert, channel), $"{label} {alert.ReasonCode} as {channel}");
                    }
                    seen.Alerts[alert.ReasonCode] = seen.Alerts.GetValueOrDefault(alert.ReasonCode) + 1;
                }
            }
            if (evaluation.Paired is { } paired)
            {
                AssertSame(PairedOutcomeObservationBuilder.Build(paired), w => PairedOutcomeObservationJson.Write(w, paired), $"{name} {patient.PatientReference} paired outcome");
                seen.Paired++;
            }
        }
        return seen;
    }

    private static QuestionnaireResponse? Parse(string line)
    {
        try
        {
            return Strict.DeserializeResource(line.TrimStart('\uFEFF')) as QuestionnaireResponse;
        }
        catch (Exception e) when (e is DeserializationFailedException or JsonException)
        {
            return null; // never scored: no point of any series
        }
    }

    private static ScoringRun NewRun() =>
        new(TestCatalogue.Instance, new TrajectorySettings(), new FixedTime(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void Write_WhenEveryCohortAndGoldenSeries_ThenSameResourcesAsTheBuilders()
    {
        var cohort = NewRun();
        var golden = NewRun();
        foreach (var (name, line) in ReaderFixtures.All())
            if (Parse(line) is { } response) (name.StartsWith("golden", StringComparison.Ordinal) ? golden : cohort).AddResponse(response);
        var observations = Path.Combine(Path.GetDirectoryName(ReaderFixtures.Cohort)!, "Observation.ndjson");
        foreach (var line in File.ReadLines(observations, Encoding.UTF8))
            if (line.Length > 0) cohort.AddObservation((Observation)Strict.DeserializeResource(line));

        var seen = Compare(cohort, "cohort");
        Compare(golden, "golden vectors together", seen);
        // Each golden vector on its own: a one-session course (insufficient data, nothing to compare with).
        foreach (var (name, line) in ReaderFixtures.All().Where(f => f.Name.StartsWith("golden", StringComparison.Ordinal)))
        {
            var alone = NewRun();
            if (Parse(line) is { } response) alone.AddResponse(response);
            Compare(alone, name, seen);
        }

        Assert.True(seen.Patients > 50, $"only {seen.Patients} patients compared");
        Assert.True(seen.Trajectories > 50, $"only {seen.Trajectories} trajectories compared");
        Assert.Superset(new HashSet<string>(["phq-9", "gad-7"]), seen.TrajectoryInstruments);
        Assert.True(seen.InsufficientData > 0, "no one-session trajectory compared");
        Assert.True(seen.WithoutTrajectory > 0, "no series without a trajectory (an alliance scale) compared");
        Assert.True(seen.ProratedInTrajectory > 0, "no trajectory through a prorated score compared");
        Assert.True(seen.EhrPointsInTrajectory > 0, "no trajectory through an EHR's own score Observation compared");
        Assert.True(seen.Repaired > 0, "no repaired rupture compared");
        Assert.True(seen.Unrepaired > 0, "no unrepaired (open) rupture compared");
        Assert.True(seen.Paired > 0, "no paired PHQ-9 + GAD-7 outcome compared");
        Assert.True(seen.Alerts.GetValueOrDefault(AlertReasons.RuptureCode) > 0, "no rupture alert compared");
        Assert.True(seen.Alerts.GetValueOrDefault(AlertReasons.NotOnTrackCode) > 0, "no not-on-track alert compared");
    }

    [Fact]
    public void Write_WhenACaregiverVersionIsAnsweredBySessions_ThenSameResourcesAsTheBuilders()
    {
        // RCADS-P-25 answered by a parent (a RelatedPerson as author): its own series, with its own trajectory (docs/domain.md §10).
        var run = NewRun();
        int[] levels = [3, 2, 2, 1];
        for (var s = 0; s < levels.Length; s++)
        {
            var response = YoungPeoplesResponses.Rcads(YoungPeoplesResponses.RcadsP25Url, [.. Enumerable.Repeat<int?>(levels[s], 25)])
                .WithId($"rcads-p-{s}").At(Responses.DefaultAuthored.AddDays(7 * s));
            response.Author = new ResourceReference("RelatedPerson/parent-1");
            run.AddResponse(response);
        }

        var seen = Compare(run, "caregiver");

        Assert.Contains("rcads-p-25", seen.TrajectoryInstruments);
        Assert.Equal(1, seen.Patients);
    }

    [Fact]
    public void Write_WhenAnAllianceDropIsNeverRepaired_ThenSameRuptureAndAlertAsTheBuilders()
    {
        // BuiltResources' WAI-SR course 5,5,5,5,2,2: a drop at session 5 that is still open; PHQ-9 flat at 18 (not on track).
        var run = new ScoringRun(ProfileFiles.Catalogue, new TrajectorySettings());
        var start = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        int[] wai = [5, 5, 5, 5, 2, 2];
        for (var s = 0; s < wai.Length; s++) run.AddResponse(BuiltResources.WaiSr($"w{s}", "p1", start.AddDays(7 * s).AddHours(1), wai[s]));
        for (var s = 0; s < 5; s++) run.AddResponse(BuiltResources.Phq9($"f{s}", "p2", start.AddDays(7 * s), 2, 2, 2, 2, 2, 2, 2, 2, 0));

        var seen = Compare(run, "built resources");

        Assert.True(seen.Unrepaired > 0, "the open rupture was not compared");
        Assert.True(seen.Alerts.GetValueOrDefault(AlertReasons.RuptureCode) > 0, "no rupture alert compared");
        Assert.True(seen.Alerts.GetValueOrDefault(AlertReasons.NotOnTrackCode) > 0, "no not-on-track alert compared");
    }
}
