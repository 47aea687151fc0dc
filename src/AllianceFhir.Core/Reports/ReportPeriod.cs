using System.Globalization;

namespace AllianceFhir.Core.Reports;

/// <summary>A calendar month in UTC, written yyyy-MM ("2026-10"): the unit every report covers.</summary>
public readonly record struct ReportPeriod(int Year, int Month)
{
    public DateTimeOffset Start => new(Year, Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Exclusive: the first instant of the next month.</summary>
    public DateTimeOffset End => Start.AddMonths(1);

    /// <summary>The last day of the month, the day ages are taken on.</summary>
    public DateOnly LastDay => DateOnly.FromDateTime(End.UtcDateTime.AddDays(-1));

    public bool Contains(DateTimeOffset when) => when >= Start && when < End;

    public ReportPeriod Previous() => FromDate(Start.AddMonths(-1));

    public ReportPeriod Next() => FromDate(End);

    public static ReportPeriod FromDate(DateTimeOffset when)
    {
        var utc = when.ToUniversalTime();
        return new ReportPeriod(utc.Year, utc.Month);
    }

    /// <summary>Parses "yyyy-MM"; false for anything else (e.g. "2026-13", "10/2026").</summary>
    public static bool TryParse(string? text, out ReportPeriod period)
    {
        period = default;
        if (!DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return false;
        period = new ReportPeriod(date.Year, date.Month);
        return true;
    }

    public override string ToString() => $"{Year:D4}-{Month:D2}";
}
