namespace AllianceFhir.Core.Informants;

/// <summary>How a self-report and a caregiver report of the same construct are judged discrepant (docs/domain.md §10).</summary>
public enum DiscrepancyMethod
{
    /// <summary>The two scores fall in severity bands at least <see cref="InformantSettings.DiscrepancyBands"/> apart.</summary>
    SeverityBand,

    /// <summary>|self − caregiver| / SD of the scale is at least <see cref="InformantSettings.DiscrepancyStandardDeviations"/>.</summary>
    StandardizedDifference,
}
