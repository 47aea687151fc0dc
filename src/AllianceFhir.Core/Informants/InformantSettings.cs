namespace AllianceFhir.Core.Informants;

/// <summary>
/// Self-report beside caregiver report (issue 13 §3; docs/domain.md §10): which instruments pair, and when two reports
/// are marked discrepant. Bound from the configuration section <c>Informants</c>; each default names its source.
/// </summary>
public sealed record InformantSettings
{
    /// <summary>
    /// Self-report ↔ caregiver-version pairs (catalogue ids or canonicals). None by default: the shipped catalogue has no
    /// caregiver versions yet; a caregiver answering the self-report form itself needs no pair (the response's author
    /// tells them apart). Adding RCADS ↔ RCADS-P is a configuration entry, not code.
    /// </summary>
    public List<InformantPair> Pairs { get; init; } = [];

    /// <summary>
    /// Default <see cref="DiscrepancyMethod.SeverityBand"/>: informants that place the young person in different severity
    /// bands disagree about the clinical picture, the categorical view of discrepancy De Los Reyes &amp; Kazdin (2005,
    /// Psychol Bull 131:483) describe as what changes classification and treatment decisions. Scales without bands fall
    /// back to <see cref="DiscrepancyMethod.StandardizedDifference"/> when the catalogue gives an SD.
    /// </summary>
    public DiscrepancyMethod Method { get; init; } = DiscrepancyMethod.SeverityBand;

    /// <summary>Bands apart that count as discrepant: 1, any different band (unverified: no source gives a band count).</summary>
    public int DiscrepancyBands { get; init; } = 1;

    /// <summary>
    /// Standardized difference (in the scale's SD, from the catalogue's reliable-change SD) that counts as discrepant: 1 SD.
    /// Standardized difference scores are one of the discrepancy measures De Los Reyes &amp; Kazdin (2005) review; the 1 SD
    /// cut is unverified (no source fixes a clinical threshold).
    /// </summary>
    public decimal DiscrepancyStandardDeviations { get; init; } = 1m;

    /// <summary>
    /// A caregiver score is compared with the self-report nearest in time within this many days, else with none: 14, two
    /// weekly sessions either way (unverified: a same-period rule, no source fixes the window).
    /// </summary>
    public int PairingWindowDays { get; init; } = 14;
}
