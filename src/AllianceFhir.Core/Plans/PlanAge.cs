using AllianceFhir.Core.Reports;

namespace AllianceFhir.Core.Plans;

/// <summary>Age from <c>Patient.birthDate</c> on a given day (the TimeProvider's date, never the machine's).</summary>
public static class PlanAge
{
    /// <summary>The patient's group on <paramref name="today"/>; null under 14 or without a birth date.</summary>
    public static AgeGroup? GroupOf(DateOnly? birthDate, DateOnly today)
    {
        if (birthDate is not { } birth) return null;
        return AgeBands.Age(birth, today) switch
        {
            < 14 => null,
            <= 17 => AgeGroup.Age14To17,
            <= 24 => AgeGroup.Age18To24,
            _ => AgeGroup.Adult25Plus,
        };
    }

    /// <summary>A FHIR date (yyyy, yyyy-MM or yyyy-MM-dd); a partial date is read as its first day, null when unreadable.</summary>
    public static DateOnly? ParseBirthDate(string? fhirDate)
    {
        if (string.IsNullOrWhiteSpace(fhirDate)) return null;
        var parts = fhirDate.Split('-');
        if (!int.TryParse(parts[0], out var y) || y < 1) return null;
        var m = parts.Length > 1 && int.TryParse(parts[1], out var mm) ? mm : 1;
        var d = parts.Length > 2 && int.TryParse(parts[2], out var dd) ? dd : 1;
        try
        {
            return new DateOnly(y, m, d);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
