using Cronos;

namespace AllianceFhir.Service.Hosting;

/// <summary>How often a cron fires, read with Cronos (the parser Hangfire itself uses, internalised in Hangfire.Core).</summary>
public static class SafetySweepSchedule
{
    /// <summary>
    /// The longest gap between the cron's next few occurrences after <paramref name="from"/> (an irregular cron such as
    /// "0,10,40 * * * *" is judged by its widest gap), or null when it never fires (Hangfire's <c>Cron.Never()</c>).
    /// Six fields means seconds first, as Hangfire reads it.
    /// </summary>
    public static TimeSpan? Interval(string cron, TimeZoneInfo zone, DateTimeOffset from)
    {
        var format = cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        var expression = CronExpression.Parse(cron, format);
        TimeSpan? widest = null;
        var previous = expression.GetNextOccurrence(from, zone);
        for (var i = 0; i < 4 && previous is { } at; i++)
        {
            var next = expression.GetNextOccurrence(at, zone);
            if (next is null) break;
            var gap = next.Value - at;
            if (widest is null || gap > widest) widest = gap;
            previous = next;
        }
        return widest;
    }
}
