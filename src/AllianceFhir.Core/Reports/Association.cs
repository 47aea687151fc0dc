namespace AllianceFhir.Core.Reports;

/// <summary>
/// Early alliance (POMP 0–100) against improvement on one symptom measure (baseline − last, so positive is better
/// and a positive r means a stronger early alliance went with more improvement, as in the meta-analyses).
/// </summary>
public sealed record Association(string Outcome, IReadOnlyList<(double X, double Y)> Pairs, CorrelationResult Pearson, CorrelationResult Spearman)
{
    /// <summary>Published values to read the caseload's figure against (docs/domain.md §1).</summary>
    public static readonly IReadOnlyList<(string Source, double R)> Published =
    [
        ("Flückiger et al. 2018, face-to-face", 0.28),
        ("Flückiger et al. 2018, internet-based", 0.275),
        ("Probst et al. 2019, internet interventions", 0.25),
    ];
}
