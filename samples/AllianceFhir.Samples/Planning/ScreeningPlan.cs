namespace AllianceFhir.Samples.Planning;

/// <summary>A screening before the course whose totals the EHR stores only as plain Observations.</summary>
internal sealed record ScreeningPlan(DateTimeOffset Time, int Phq9Total, int Gad7Total);
