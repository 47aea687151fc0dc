namespace AllianceFhir.Core.Informants;

/// <summary>
/// One caregiver score beside the self-report nearest in time (within the pairing window). <see cref="Discrepant"/> is null
/// when the pair could not be judged (no self-report near it, or a scale with neither bands nor an SD).
/// </summary>
/// <param name="Difference">Bands apart (<see cref="DiscrepancyMethod.SeverityBand"/>) or SD units (<see cref="DiscrepancyMethod.StandardizedDifference"/>).</param>
public sealed record InformantComparison(
    DateTimeOffset CaregiverDate,
    decimal CaregiverValue,
    string? CaregiverBand,
    DateTimeOffset? SelfDate,
    decimal? SelfValue,
    string? SelfBand,
    DiscrepancyMethod? Method,
    decimal? Difference,
    bool? Discrepant);
