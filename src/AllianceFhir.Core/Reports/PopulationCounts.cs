namespace AllianceFhir.Core.Reports;

/// <summary>The counts every indicator is computed from, for the whole report or one stratum.</summary>
public sealed record PopulationCounts(
    int Active,
    int Covered,
    int HalfMeasured,
    int EarlyEligible,
    int EarlyMeasured,
    int MeasuredSessions,
    int Ruptures,
    int Repaired,
    int OutcomeCohort,
    int ReliableImprovement,
    int Cases,
    int Recovered,
    int ReliablyRecovered)
{
    public static readonly IReadOnlyList<string> Fields =
    [
        nameof(Active), nameof(Covered), nameof(HalfMeasured), nameof(EarlyEligible), nameof(EarlyMeasured), nameof(MeasuredSessions),
        nameof(Ruptures), nameof(Repaired), nameof(OutcomeCohort), nameof(ReliableImprovement), nameof(Cases), nameof(Recovered),
        nameof(ReliablyRecovered),
    ];

    public int this[string field] => field switch
    {
        nameof(Active) => Active,
        nameof(Covered) => Covered,
        nameof(HalfMeasured) => HalfMeasured,
        nameof(EarlyEligible) => EarlyEligible,
        nameof(EarlyMeasured) => EarlyMeasured,
        nameof(MeasuredSessions) => MeasuredSessions,
        nameof(Ruptures) => Ruptures,
        nameof(Repaired) => Repaired,
        nameof(OutcomeCohort) => OutcomeCohort,
        nameof(ReliableImprovement) => ReliableImprovement,
        nameof(Cases) => Cases,
        nameof(Recovered) => Recovered,
        nameof(ReliablyRecovered) => ReliablyRecovered,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a population count"),
    };

    public static PopulationCounts From(IEnumerable<PatientFacts> facts)
    {
        int active = 0, covered = 0, half = 0, earlyEligible = 0, earlyMeasured = 0, sessions = 0, ruptures = 0, repaired = 0,
            cohort = 0, improved = 0, cases = 0, recovered = 0, reliablyRecovered = 0;
        foreach (var f in facts)
        {
            if (!f.Active) continue;
            active++;
            if (f.AllianceInPeriod) covered++;
            if (f.HalfMeasured) half++;
            if (f.EarlyEligible) earlyEligible++;
            if (f.EarlyMeasured) earlyMeasured++;
            sessions += f.MeasuredSessionsInPeriod;
            ruptures += f.Ruptures;
            repaired += f.RupturesRepaired;
            if (!f.OutcomeCohort) continue;
            cohort++;
            if (f.ReliableImprovement) improved++;
            if (!f.CaseAtFirst) continue;
            cases++;
            if (f.Recovery) recovered++;
            if (f.ReliableRecovery) reliablyRecovered++;
        }
        return new PopulationCounts(active, covered, half, earlyEligible, earlyMeasured, sessions, ruptures, repaired, cohort, improved,
            cases, recovered, reliablyRecovered);
    }
}
