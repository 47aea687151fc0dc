namespace AllianceFhir.Core.Reports;

/// <summary>
/// Age bands at the end of the period: 14–17, 18–24 (together the young people 14–24 the scoping review names,
/// docs/domain.md §1), 25–64 and 65+. Younger than 14 is "under-14"; no birth date is "unknown".
/// </summary>
public static class AgeBands
{
    public static readonly IReadOnlyList<string> Ordered = ["under-14", "14-17", "18-24", "25-64", "65+", Stratifier.Unknown];

    public static int Age(DateOnly birth, DateOnly at)
    {
        var age = at.Year - birth.Year;
        if (at < birth.AddYears(age)) age--;
        return age;
    }

    public static string For(DateOnly? birth, DateOnly at)
    {
        if (birth is not { } b) return Stratifier.Unknown;
        return Age(b, at) switch
        {
            < 14 => "under-14",
            <= 17 => "14-17",
            <= 24 => "18-24",
            <= 64 => "25-64",
            _ => "65+",
        };
    }
}
