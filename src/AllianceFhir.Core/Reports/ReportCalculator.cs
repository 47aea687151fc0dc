using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Core.Reports;

/// <summary>Builds a period's report from every patient's score points and demographics.</summary>
public sealed class ReportCalculator(InstrumentCatalogue catalogue, TrajectorySettings trajectorySettings, ReportSettings settings)
{
    private readonly PatientFactsCalculator _facts = new(catalogue, trajectorySettings, settings);

    /// <param name="points">Score points grouped by patient reference.</param>
    /// <param name="patients">Demographics by patient reference; a patient without them is placed in the "unknown" strata.</param>
    public AllianceReport Calculate(
        ReportPeriod period,
        IEnumerable<IGrouping<string, (SeriesKey Key, ScorePoint Point)>> points,
        IReadOnlyDictionary<string, ReportPatient> patients)
    {
        var months = Enumerable.Range(0, settings.TrendMonths).Select(i => Minus(period, settings.TrendMonths - 1 - i)).ToList();
        var trendActive = new int[months.Count];
        var trendCovered = new int[months.Count];
        var all = new List<PatientFacts>();
        foreach (var patient in points)
        {
            var (facts, timeline) = _facts.Calculate(patient.Key, patients.GetValueOrDefault(patient.Key), patient, period);
            if (facts.Active) all.Add(facts);
            for (var m = 0; m < months.Count; m++)
            {
                var month = months[m];
                if (!timeline.Sessions.Any(d => d.Year == month.Year && d.Month == month.Month)) continue;
                trendActive[m]++;
                if (timeline.AllianceDays.Any(d => d.Year == month.Year && d.Month == month.Month)) trendCovered[m]++;
            }
        }
        all.Sort((a, b) => string.CompareOrdinal(a.Reference, b.Reference));

        var strata = Stratifier.All
            .SelectMany(s => all.GroupBy(f => f.Strata[s])
                .OrderBy(g => s == Stratifier.AgeBand ? AgeBandOrder(g.Key) : 0).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new StratumCounts(s, g.Key, PopulationCounts.From(g))))
            .ToList();

        return new AllianceReport(period, settings, PopulationCounts.From(all), strata,
            [Associate("PHQ-9", all, f => f.Phq9Improvement), Associate("GAD-7", all, f => f.Gad7Improvement)],
            months.Select((m, i) => new TrendPoint(m, trendActive[i], trendCovered[i])).ToList(),
            all);
    }

    private static Association Associate(string outcome, IEnumerable<PatientFacts> facts, Func<PatientFacts, decimal?> improvement)
    {
        var pairs = facts.Where(f => f.OutcomeCohort && f.EarlyAlliancePomp is not null && improvement(f) is not null)
            .Select(f => ((double)f.EarlyAlliancePomp!.Value, (double)improvement(f)!.Value)).ToList();
        return new Association(outcome, pairs, Correlation.Pearson(pairs), Correlation.Spearman(pairs));
    }

    private static int AgeBandOrder(string band)
    {
        var i = AgeBands.Ordered.ToList().IndexOf(band);
        return i < 0 ? int.MaxValue : i;
    }

    private static ReportPeriod Minus(ReportPeriod period, int months) => ReportPeriod.FromDate(period.Start.AddMonths(-months));
}
