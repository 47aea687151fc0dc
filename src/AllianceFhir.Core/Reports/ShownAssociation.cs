namespace AllianceFhir.Core.Reports;

/// <summary>An association as it may leave the service: withheld (null correlations, no points) when n is a small number.</summary>
public sealed record ShownAssociation(string Outcome, Cell N, CorrelationResult? Pearson, CorrelationResult? Spearman, IReadOnlyList<(double X, double Y)> Pairs);
