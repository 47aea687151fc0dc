using System.Globalization;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Informants;
using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Smart.Features.Dashboard;

/// <summary>
/// Builds the self-report-beside-caregiver-report charts (issue 13 §3): caregiver points grouped by construct (the
/// self-report instrument, through <see cref="InformantPairing"/>) and informant, each compared with the self-report by
/// Core's <see cref="InformantDiscrepancyCalculator"/>, and the comparison said in words (docs/domain.md §10).
/// </summary>
public sealed class InformantChartBuilder(InstrumentCatalogue catalogue, InformantSettings settings)
{
    /// <summary>The label of a caregiver version answered with no RelatedPerson named.</summary>
    public const string UnnamedCaregiver = "Caregiver (not named in the record)";

    private readonly InformantPairing _pairing = new(catalogue, settings);
    private readonly InformantDiscrepancyCalculator _calculator = new(settings);

    /// <summary>True when <paramref name="instrument"/> is a caregiver version (its responses are caregiver reports whoever entered them).</summary>
    public bool IsCaregiverVersion(Instrument instrument) => _pairing.IsCaregiverVersion(instrument);

    /// <param name="self">The self-report series (caregiver points never enter them).</param>
    /// <param name="caregiver">Caregiver points: the informant's RelatedPerson reference (null when no one is named), the series key of the instrument answered, the point.</param>
    /// <param name="labels">RelatedPerson reference → "Mother (Jane Doe)", for the informants the EHR let us read.</param>
    public (IReadOnlyList<InformantChart> Charts, IReadOnlyList<string> Summary) Build(IReadOnlyDictionary<SeriesKey, ScoreSeries> self,
        IEnumerable<(string? Informant, SeriesKey Key, ScorePoint Point)> caregiver, IReadOnlyDictionary<string, string> labels, Func<DateTimeOffset, string> day)
    {
        var groups = new Dictionary<(string Construct, string? Informant), (Instrument Answered, ScoreSeries Series)>();
        foreach (var (informant, key, point) in caregiver)
        {
            if (catalogue.FindById(key.InstrumentId) is not { } answered) continue;
            var construct = _pairing.ConstructOf(answered);
            // The chart compares totals: the construct's total scale, answered on either form.
            if (key.ScaleKey != answered.TotalScale.Key) continue;
            var groupKey = (construct.Id, informant);
            if (!groups.TryGetValue(groupKey, out var group))
                groups[groupKey] = group = (answered, new ScoreSeries(new SeriesKey(key.PatientReference, construct.Id, construct.TotalScale.Key)));
            group.Series.Add(point);
        }
        var charts = new List<InformantChart>();
        var summary = new List<string>();
        foreach (var byConstruct in groups.GroupBy(g => g.Key.Construct, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var instrument = catalogue.FindById(byConstruct.Key)!;
            var scale = instrument.TotalScale;
            var patient = byConstruct.First().Value.Series.Key.PatientReference;
            var selfPoints = self.GetValueOrDefault(new SeriesKey(patient, instrument.Id, scale.Key))?.Ordered() ?? [];
            var name = DashboardBuilder.ShortName(instrument);
            var notes = new List<string>();
            var caregivers = new List<CaregiverSeriesView>();
            foreach (var (key, (answered, series)) in byConstruct.OrderBy(g => g.Key.Informant, StringComparer.Ordinal))
            {
                var points = series.Ordered();
                var who = key.Informant is null ? UnnamedCaregiver : labels.GetValueOrDefault(key.Informant) ?? $"Caregiver ({key.Informant})";
                var comparisons = _calculator.Compare(instrument, scale, selfPoints, points);
                caregivers.Add(new CaregiverSeriesView(key.Informant, who, answered.Id,
                    points.Select((p, i) => new PointView(i + 1, p.When, p.Value, instrument.BandFor(scale.Key, p.Value)?.Display, p.Prorated, null)).ToList(),
                    comparisons.Select(View).ToList()));
                if (comparisons.Count > 0) notes.Add(Words(name, who, comparisons[^1], day));
            }
            var discrepant = caregivers.Where(c => c.Comparisons.Count > 0 && c.Comparisons[^1].Discrepant == true).ToList();
            foreach (var c in discrepant)
                summary.Add($"{name}: the latest caregiver report ({c.Label}) and the client's self-report disagree (informant-discrepancy marker): worth discussing with both.");
            charts.Add(new InformantChart(instrument.Id, instrument.Title, name, scale.Min, scale.Max,
                instrument.Bands.Where(b => b.Scale == scale.Key).Select(b => new BandView(b.Min, b.Max, b.Code, b.Display)).ToList(),
                selfPoints.Select((p, i) => new PointView(i + 1, p.When, p.Value, instrument.BandFor(scale.Key, p.Value)?.Display, p.Prorated, null)).ToList(),
                caregivers, Marker(instrument, scale), MarkerUnverified(), notes));
        }
        return (charts, summary);
    }

    private static DiscrepancyView View(InformantComparison c) => new(c.CaregiverDate, c.CaregiverValue, c.CaregiverBand, c.SelfDate, c.SelfValue, c.SelfBand,
        c.Method switch { DiscrepancyMethod.SeverityBand => "severity-band", DiscrepancyMethod.StandardizedDifference => "standardized-difference", _ => null },
        c.Difference, c.Discrepant);

    /// <summary>The latest comparison in one sentence.</summary>
    private string Words(string name, string who, InformantComparison c, Func<DateTimeOffset, string> day)
    {
        var care = $"{who} rated {name} {Fmt(c.CaregiverValue)}{Band(c.CaregiverBand)} on {day(c.CaregiverDate)}";
        if (c.SelfValue is not { } selfValue)
            return $"{care}; no self-report within {settings.PairingWindowDays} days of it, so the two are not compared.";
        var self = $"the client's self-report nearest in time was {Fmt(selfValue)}{Band(c.SelfBand)} on {day(c.SelfDate!.Value)}";
        if (c.Discrepant is not { } discrepant) return $"{care}; {self}; the difference cannot be judged on this scale (no bands, no SD in the catalogue).";
        var apart = c.Method == DiscrepancyMethod.SeverityBand
            ? c.Difference == 0 ? "the same severity band" : $"{Fmt(c.Difference!.Value)} severity band{(c.Difference == 1 ? "" : "s")} apart"
            : $"{Fmt(c.Difference!.Value)} SD apart";
        return discrepant
            ? $"{care}; {self}: {apart}. Informant discrepancy: the two reports disagree about how the client is doing."
            : $"{care}; {self}: {apart}. No informant discrepancy by this rule.";
    }

    /// <summary>What the marker means for this scale (the method actually used, with its source).</summary>
    private string Marker(Instrument instrument, ScaleDefinition scale)
    {
        var hasBands = instrument.Bands.Any(b => b.Scale == scale.Key);
        var sd = instrument.FindReliableChange(scale.Key)?.StandardDeviation;
        var window = $"a caregiver score is compared with the client's self-report nearest in time within {settings.PairingWindowDays} days";
        if (settings.Method == DiscrepancyMethod.SeverityBand && hasBands || sd is not > 0 && hasBands)
            return $"Informant-discrepancy marker: {window}; they are discrepant when they fall in severity bands {settings.DiscrepancyBands} or more apart " +
                   "(informants disagreeing about the clinical picture, De Los Reyes & Kazdin 2005; docs/domain.md §10).";
        if (sd is > 0)
            return $"Informant-discrepancy marker: {window}; they are discrepant when they differ by {Fmt(settings.DiscrepancyStandardDeviations)} SD or more " +
                   $"(SD {Fmt(sd.Value)} from the catalogue; a standardized difference, De Los Reyes & Kazdin 2005; docs/domain.md §10).";
        return "Informant-discrepancy marker: this scale has neither severity bands nor an SD in the catalogue, so discrepancy is not judged; compare the lines by eye.";
    }

    /// <summary>True while the band count, SD cut and window are the shipped (unverified) defaults.</summary>
    private bool MarkerUnverified()
    {
        var shipped = new InformantSettings();
        return settings.DiscrepancyBands == shipped.DiscrepancyBands && settings.DiscrepancyStandardDeviations == shipped.DiscrepancyStandardDeviations
            && settings.PairingWindowDays == shipped.PairingWindowDays;
    }

    private static string Band(string? band) => band is null ? "" : $" ({band.ToLowerInvariant()})";

    private static string Fmt(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);
}
