using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Ruptures;
using AllianceFhir.Core.Trajectories;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Resources;

/// <summary>
/// A rupture episode as an Observation: its period runs from the drop to the repair (open while unrepaired).
/// Append-only: when an open episode is repaired, the repaired episode is a new Observation.
/// </summary>
public static class RuptureObservationBuilder
{
    public static Observation Build(SeriesKey key, Instrument instrument, ScaleDefinition scale, RuptureEpisode episode, IReadOnlyList<ScorePoint> points)
    {
        var id = IdFor(key, instrument, scale, episode);
        var (start, count) = Evidence(episode, points.Count);
        var evidence = points.Skip(start).Take(count);
        var observation = new Observation
        {
            Id = id,
            Identifier = [FhirValues.Identifier(CanonicalUrls.ScoreIdentifierSystem, id)],
            Status = ObservationStatus.Final,
            Category = [FhirValues.SurveyCategory()],
            Code = new CodeableConcept { Coding = [new Coding(CanonicalUrls.ProjectCodeSystem, "alliance-rupture", "Alliance rupture")], Text = $"{instrument.Title} {scale.Key} rupture ({episode.Rule.Name})" },
            Subject = new ResourceReference(key.PatientReference),
            Effective = new Period { StartElement = FhirValues.DateTime(episode.StartDate), EndElement = episode.RepairDate is { } r ? FhirValues.DateTime(r) : null },
            Value = FhirValues.Score(episode.Depth),
            DerivedFrom = evidence.Select(p => new ResourceReference(p.SourceReference)).ToList(),
        };
        var c = observation.Component;
        c.Add(FhirValues.Component("rupture-rule", "Rupture rule", new FhirString(episode.Rule.Name)));
        c.Add(FhirValues.Component("pre-rupture-level", "Pre-rupture level", FhirValues.Score(episode.PreRuptureLevel)));
        c.Add(FhirValues.Component("lowest-score", "Lowest score during the rupture", FhirValues.Score(episode.LowestScore)));
        c.Add(FhirValues.Component("rupture-session", "Session of the drop", new Integer(episode.StartSession)));
        c.Add(FhirValues.Component("alliance-repair", "Repaired", new FhirBoolean(episode.Repaired)));
        if (episode.RepairSession is { } rs) c.Add(FhirValues.Component("repair-session", "Session of the repair", new Integer(rs)));
        return observation;
    }

    /// <summary>The repair is part of the identity: an open episode and its later repair are two facts, two Observations.</summary>
    public static string IdFor(SeriesKey key, Instrument instrument, ScaleDefinition scale, RuptureEpisode episode) =>
        ResourceIds.For("rupture", key.PatientReference, instrument.Id, scale.Key, episode.Rule.Name,
            episode.StartDate.UtcDateTime.ToString("O"), episode.RepairSession?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "open");

    /// <summary>The evidence: from the session before the drop's predecessor up to the repair (or the latest session), as a range of the points.</summary>
    public static (int Start, int Count) Evidence(RuptureEpisode episode, int pointCount)
    {
        var start = Math.Max(0, episode.StartSession - 2);
        return (start, (episode.RepairSession ?? pointCount) - start);
    }
}
