using System.Text.Json;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Ruptures;
using AllianceFhir.Core.Trajectories;
using static AllianceFhir.Core.Resources.ObservationJsonParts;

namespace AllianceFhir.Core.Resources;

/// <summary>
/// The rupture Observation of <see cref="RuptureObservationBuilder"/>, written straight to a <see cref="Utf8JsonWriter"/>
/// with no POCO (issue 12; test: EndPhaseWriterTests). Element order as Firely writes it.
/// </summary>
public static class RuptureObservationJson
{
    /// <summary>Writes the Observation; returns its id.</summary>
    public static string Write(Utf8JsonWriter w, SeriesKey key, Instrument instrument, ScaleDefinition scale, RuptureEpisode episode, IReadOnlyList<ScorePoint> points)
    {
        var id = RuptureObservationBuilder.IdFor(key, instrument, scale, episode);
        var (start, count) = RuptureObservationBuilder.Evidence(episode, points.Count);
        SurveyObservationHead(w, id, null, CanonicalUrls.ScoreIdentifierSystem,
            ("alliance-rupture", "Alliance rupture", $"{instrument.Title} {scale.Key} rupture ({episode.Rule.Name})"), key.PatientReference,
            episode.StartDate, episode.RepairDate);
        Score(w, "valueQuantity"u8, episode.Depth);
        DerivedFrom(w, points, start, count);

        w.WriteStartArray("component"u8);
        StringComponent(w, "rupture-rule", "Rupture rule", episode.Rule.Name);
        ScoreComponent(w, "pre-rupture-level", "Pre-rupture level", episode.PreRuptureLevel);
        ScoreComponent(w, "lowest-score", "Lowest score during the rupture", episode.LowestScore);
        IntegerComponent(w, "rupture-session", "Session of the drop", episode.StartSession);
        BooleanComponent(w, "alliance-repair", "Repaired", episode.Repaired);
        if (episode.RepairSession is { } rs) IntegerComponent(w, "repair-session", "Session of the repair", rs);
        w.WriteEndArray();
        w.WriteEndObject();
        return id;
    }
}
