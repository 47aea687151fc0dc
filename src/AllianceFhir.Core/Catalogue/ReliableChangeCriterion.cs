namespace AllianceFhir.Core.Catalogue;

/// <summary>
/// Reliable-change inputs for a scale: a fixed threshold (NHS Talking Therapies) and the
/// Jacobson–Truax inputs SD and reliability r, from which S_diff = SD·√2·√(1−r).
/// </summary>
public sealed record ReliableChangeCriterion(string Scale, decimal Threshold, decimal? StandardDeviation, decimal? Reliability, string? Source)
{
    /// <summary>1.96·S_diff (Jacobson &amp; Truax 1991), or null when SD or r is not given.</summary>
    public decimal? JacobsonTruaxThreshold =>
        StandardDeviation is { } sd && Reliability is { } r
            ? (decimal)(1.96 * (double)sd * Math.Sqrt(2) * Math.Sqrt(1 - (double)r))
            : null;
}
