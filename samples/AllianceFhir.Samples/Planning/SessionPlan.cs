namespace AllianceFhir.Samples.Planning;

/// <summary>One weekly session of a course and the scores planned for it.</summary>
/// <param name="Number">1-based session number.</param>
/// <param name="Time">Start of the session (UTC).</param>
/// <param name="Phq9Total">Planned PHQ-9 total 0–27.</param>
/// <param name="Gad7Total">Planned GAD-7 total 0–21.</param>
/// <param name="Alliance">Planned alliance as a fraction 0–1 of the instrument's range.</param>
/// <param name="LhcShape">PHQ-9 and GAD-7 of this session are recorded in LOINC's LHC-Forms shape.</param>
/// <param name="IncompleteInstrument">Id of the symptom measure (phq-9 or gad-7) that leaves out items this session, if any.</param>
/// <param name="MissingItems">How many scored items <paramref name="IncompleteInstrument"/> leaves out.</param>
internal sealed record SessionPlan(
    int Number,
    DateTimeOffset Time,
    int Phq9Total,
    int Gad7Total,
    double Alliance,
    bool LhcShape,
    string? IncompleteInstrument,
    int MissingItems);
