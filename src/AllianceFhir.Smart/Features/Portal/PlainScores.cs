using System.Globalization;
using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Smart.Features.Portal;

/// <summary>
/// A total score in plain language for the client: the number out of the scale's maximum, the band's name as the
/// instrument's authors give it (docs/domain.md §2, severity bands), and that the clinician will go through it. Never a
/// judgement, never advice of its own.
/// </summary>
public static class PlainScores
{
    public static PortalScore Describe(Instrument instrument, ScaleDefinition scale, decimal value, DateTimeOffset? when)
    {
        var band = instrument.BandFor(scale.Key, value);
        var number = value.ToString("0.##", CultureInfo.InvariantCulture);
        var max = scale.Max.ToString("0.##", CultureInfo.InvariantCulture);
        var text = $"Your {instrument.Title} score was {number} out of {max}."
                   + (band is null ? "" : $" Scores from {band.Min:0.##} to {band.Max:0.##} are described as \"{band.Display.ToLowerInvariant()}\".")
                   + " Your clinician will go through it with you.";
        return new PortalScore(instrument.Title, value, scale.Max, band?.Display, when, text);
    }
}
