namespace AllianceFhir.Core.Reports;

/// <summary>The counts for one value of one stratifier (e.g. clinic = Organization/clinic-north).</summary>
public sealed record StratumCounts(string Stratifier, string Value, PopulationCounts Counts);
