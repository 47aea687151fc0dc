namespace AllianceFhir.Core.Reports;

/// <summary>A correlation, its n and 95% interval; R is null when it cannot be computed, the interval when n &lt; 4.</summary>
public sealed record CorrelationResult(string Method, int N, double? R, double? Lower, double? Upper);
