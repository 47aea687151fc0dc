namespace AllianceFhir.Samples.Cli;

/// <summary>Parsed command line.</summary>
internal sealed record CliOptions(CohortOptions Cohort, string Output, bool Help);
