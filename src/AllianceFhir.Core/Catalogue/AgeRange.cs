namespace AllianceFhir.Core.Catalogue;

/// <summary>
/// The ages in whole years (inclusive) an instrument was designed or validated for, with its citation
/// (profiles/README.md, extension <c>intended-age</c>). Guidance for a measurement plan, not a gate on scoring.
/// </summary>
public sealed record AgeRange(int MinYears, int MaxYears, string? Source)
{
    public bool Contains(int ageYears) => ageYears >= MinYears && ageYears <= MaxYears;
}
