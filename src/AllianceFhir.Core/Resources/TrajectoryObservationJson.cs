using System.Runtime.CompilerServices;
using System.Text.Json;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Trajectories;
using static AllianceFhir.Core.Resources.ObservationJsonParts;

namespace AllianceFhir.Core.Resources;

/// <summary>
/// The trajectory Observation of <see cref="TrajectoryObservationBuilder"/>, written straight to a <see cref="Utf8JsonWriter"/>
/// with no POCO (issue 12; test: EndPhaseWriterTests parses both with Firely and compares). Element order as Firely writes it.
/// </summary>
public static class TrajectoryObservationJson
{
    /// <summary>Writes the Observation; returns its id.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Write(Utf8JsonWriter w, Trajectory t)
    {
        var id = TrajectoryObservationBuilder.IdFor(t);
        SurveyObservationHead(w, id, ProfileUrls.Trajectory, CanonicalUrls.TrajectoryIdentifierSystem,
            ("trajectory", "Symptom trajectory", $"{t.Instrument.Title} {t.Scale.Key} trajectory"), t.Key.PatientReference,
            t.Baseline.When, t.Latest.When);
        ProjectValue(w, TrajectoryObservationBuilder.StatusCode(t.Status));
        DerivedFrom(w, t.Points, 0, t.Points.Count);

        w.WriteStartArray("component"u8);
        w.WriteStartObject();
        JsonFragments.Write(w, "code"u8, JsonFragments.Code(t.Instrument, t.Scale)); // the scale's code, as on its scores
        Score(w, "valueQuantity"u8, t.Latest.Value);
        w.WriteEndObject();
        ScoreComponent(w, "baseline-score", "Baseline score", t.Baseline.Value);
        ScoreComponent(w, "latest-score", "Latest score", t.Latest.Value);
        ScoreComponent(w, "score-change", "Score change", t.Change);
        IntegerComponent(w, "session-count", "Sessions measured", t.Sessions);
        if (t.ReliableChangeThreshold is { } rc) ScoreComponent(w, "reliable-change-index", "Reliable change threshold", Math.Round(rc, 2));
        if (t.CasenessAtBaseline is { } cb) BooleanComponent(w, "caseness-at-baseline", "Caseness at baseline", cb);
        if (t.CasenessAtLatest is { } cl) BooleanComponent(w, "caseness-at-latest", "Caseness at latest", cl);
        if (t.Response is { } response) BooleanComponent(w, "response", "Response (≥ 50% reduction)", response);
        if (t.Remission is { } remission) BooleanComponent(w, "remission", "Remission", remission);
        if (t.SlopePerWeek is { } slope) QuantityComponent(w, "slope-per-week", "Slope per week", slope, "{score}/wk");
        if (t.ExpectedLatest is { } expected) ScoreComponent(w, "expected-score", "Expected score at this session", expected);
        BooleanComponent(w, "not-on-track", "Not on track", t.NotOnTrack);
        w.WriteEndArray();
        w.WriteEndObject();
        return id;
    }
}
