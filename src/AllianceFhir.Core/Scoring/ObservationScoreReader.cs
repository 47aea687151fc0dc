using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Trajectories;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Scoring;

/// <summary>
/// Reads a score an EHR stored as a plain Observation (e.g. PHQ-9 total LOINC 44261-6) so it joins the
/// same trajectory as scores computed from responses. Our own score Observations are not read back.
/// </summary>
public static class ObservationScoreReader
{
    public static (SeriesKey Key, ScorePoint Point)? TryRead(Observation observation, InstrumentCatalogue catalogue, out string? reason) =>
        TryRead(observation, catalogue, out reason, out _);

    /// <summary>
    /// As <see cref="TryRead(Observation, InstrumentCatalogue, out string?)"/>; <paramref name="badInput"/> is true when
    /// a final EHR total under a catalogue score code cannot be used (no patient, no time, a value that is not a number,
    /// a value outside the scale): bad input to report, not an Observation that is simply not ours to read.
    /// </summary>
    public static (SeriesKey Key, ScorePoint Point)? TryRead(Observation observation, InstrumentCatalogue catalogue, out string? reason, out bool badInput)
    {
        reason = null;
        badInput = false;
        if (observation.Identifier.Any(i => i.System == CanonicalUrls.ScoreIdentifierSystem)) { reason = "written by AllianceFhir"; return null; }
        var match = observation.Code?.Coding.Select(c => catalogue.FindByScoreCode(c.System, c.Code)).FirstOrDefault(m => m is not null);
        if (match is not { } found) { reason = "not a catalogue score code"; return null; }
        if (observation.Status is not (ObservationStatus.Final or ObservationStatus.Amended or ObservationStatus.Corrected))
        { reason = $"status '{observation.Status}' is not final"; return null; }
        var patient = observation.Subject?.Reference;
        badInput = true;
        if (string.IsNullOrEmpty(patient)) { reason = "subject is missing"; return null; }
        if (!ResponseEnvelope.IsPatient(patient)) { reason = "subject is not a Patient"; return null; }
        DateTimeOffset? when = observation.Effective switch
        {
            FhirDateTime dt => dt.ToDateTimeOffset(TimeSpan.Zero),
            Period p => p.StartElement?.ToDateTimeOffset(TimeSpan.Zero),
            Instant i => i.Value,
            _ => null,
        };
        if (when is null) { reason = "effective[x] is missing"; return null; }
        decimal? value = observation.Value switch
        {
            Quantity q => q.Value,
            Integer i => i.Value,
            _ => null,
        };
        if (value is null) { reason = observation.Value is null ? "value is missing" : $"value is a {observation.Value.TypeName}, not a Quantity or integer"; return null; }
        if (value < found.Scale.Min || value > found.Scale.Max)
        { reason = $"value {value} is outside {found.Scale.Min}..{found.Scale.Max}"; return null; }

        badInput = false;
        var responseId = observation.DerivedFrom.Select(r => ResponseIdOf(r.Reference)).FirstOrDefault(id => id is not null);
        return (new SeriesKey(patient, found.Instrument.Id, found.Scale.Key),
            new ScorePoint(when.Value, value.Value, $"Observation/{observation.Id}", responseId, ScoredHere: false));
    }

    /// <summary>The response id in a relative, absolute or versioned reference ("…/QuestionnaireResponse/{id}/_history/1").</summary>
    private static string? ResponseIdOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var parts = reference.Split('/');
        var at = Array.LastIndexOf(parts, "QuestionnaireResponse");
        return at >= 0 && at + 1 < parts.Length && parts[at + 1].Length > 0 ? parts[at + 1] : null;
    }
}
