using Cronos;

namespace AllianceFhir.Service.Hosting;

/// <summary>A cron setting read as Hangfire reads it (Cronos; six fields means seconds first), for checks at start.</summary>
public static class CronSetting
{
    /// <summary>Why <paramref name="cron"/> cannot be read, or null when it can.</summary>
    public static string? Problem(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron)) return "it is empty";
        var format = cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        try
        {
            CronExpression.Parse(cron, format);
            return null;
        }
        catch (CronFormatException e)
        {
            return e.Message;
        }
    }
}
