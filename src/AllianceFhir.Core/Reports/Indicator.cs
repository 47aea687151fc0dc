namespace AllianceFhir.Core.Reports;

/// <summary>
/// One reported rate: numerator / denominator × <see cref="Per"/>. <see cref="Measure"/> and <see cref="Group"/> name
/// the FHIR Measure (profiles/Measure-{id}.json) and its group the rate is reported under.
/// </summary>
public sealed record Indicator(
    string Id,
    string Title,
    string Measure,
    string Group,
    string Numerator,
    string Denominator,
    string NumeratorTitle,
    string DenominatorTitle,
    decimal Per,
    string Unit);
