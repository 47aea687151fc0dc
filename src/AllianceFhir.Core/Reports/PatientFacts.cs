namespace AllianceFhir.Core.Reports;

/// <summary>
/// One patient's part in a report for one period (definitions in docs/adr/0006-reports.md). Counts are of sessions
/// (distinct UTC days with any measure) and of rupture episodes; booleans say which population the patient is in.
/// </summary>
public sealed record PatientFacts(
    string Reference,
    IReadOnlyDictionary<string, string> Strata,
    bool Active,
    bool AllianceInPeriod,
    int SessionsInPeriod,
    int MeasuredSessionsInPeriod,
    bool HalfMeasured,
    bool EarlyEligible,
    bool EarlyMeasured,
    int Ruptures,
    int RupturesRepaired,
    bool OutcomeCohort,
    bool CaseAtFirst,
    bool ReliableImprovement,
    bool Recovery,
    bool ReliableRecovery,
    decimal? EarlyAlliancePomp,
    decimal? Phq9Improvement,
    decimal? Gad7Improvement);
