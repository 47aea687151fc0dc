using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Core.Informants;

/// <summary>
/// The informant-discrepancy marker (docs/domain.md §10): each caregiver score of a scale against the self-report of
/// the same construct nearest in time, judged by <see cref="InformantSettings.Method"/>.
/// </summary>
public sealed class InformantDiscrepancyCalculator(InformantSettings settings)
{
    public IReadOnlyList<InformantComparison> Compare(Instrument instrument, ScaleDefinition scale, IReadOnlyList<ScorePoint> self, IReadOnlyList<ScorePoint> caregiver)
    {
        var window = TimeSpan.FromDays(settings.PairingWindowDays);
        var bands = instrument.Bands.Where(b => b.Scale == scale.Key).OrderBy(b => b.Min).ToList();
        var sd = instrument.FindReliableChange(scale.Key)?.StandardDeviation;
        var method = settings.Method == DiscrepancyMethod.SeverityBand && bands.Count > 0 ? DiscrepancyMethod.SeverityBand
            : sd is > 0 ? DiscrepancyMethod.StandardizedDifference
            : bands.Count > 0 ? DiscrepancyMethod.SeverityBand : (DiscrepancyMethod?)null;
        var result = new List<InformantComparison>(caregiver.Count);
        foreach (var c in caregiver.OrderBy(p => p.When))
        {
            var cBand = instrument.BandFor(scale.Key, c.Value)?.Display;
            var nearest = self.Where(s => (s.When - c.When).Duration() <= window).OrderBy(s => (s.When - c.When).Duration()).ThenByDescending(s => s.When).FirstOrDefault();
            if (nearest is null || method is null)
            {
                result.Add(new InformantComparison(c.When, c.Value, cBand, nearest?.When, nearest?.Value,
                    nearest is null ? null : instrument.BandFor(scale.Key, nearest.Value)?.Display, null, null, null));
                continue;
            }
            decimal difference;
            bool discrepant;
            if (method == DiscrepancyMethod.SeverityBand)
            {
                var a = bands.FindIndex(b => b.Contains(c.Value));
                var b = bands.FindIndex(x => x.Contains(nearest.Value));
                if (a < 0 || b < 0)
                {
                    result.Add(new InformantComparison(c.When, c.Value, cBand, nearest.When, nearest.Value, null, null, null, null));
                    continue;
                }
                difference = Math.Abs(a - b);
                discrepant = difference >= settings.DiscrepancyBands;
            }
            else
            {
                difference = Math.Round(Math.Abs(c.Value - nearest.Value) / sd!.Value, 2, MidpointRounding.AwayFromZero);
                discrepant = difference >= settings.DiscrepancyStandardDeviations;
            }
            result.Add(new InformantComparison(c.When, c.Value, cBand, nearest.When, nearest.Value,
                instrument.BandFor(scale.Key, nearest.Value)?.Display, method, difference, discrepant));
        }
        return result;
    }
}
