namespace AllianceFhir.Core.Plans;

/// <summary>
/// The age groups a measurement plan routes by (issue 13 §4): 14–17 and 18–24, the young people the scoping review
/// names (docs/domain.md §1), and adults of 25 and over. A measure for every adult lists both of the last two.
/// </summary>
public enum AgeGroup
{
    Age14To17,
    Age18To24,
    Adult25Plus,
}
