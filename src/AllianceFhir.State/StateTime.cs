using System.Globalization;

namespace AllianceFhir.State;

/// <summary>Timestamps are stored as fixed-width ISO 8601 UTC text, so text order is time order in every provider.</summary>
public static class StateTime
{
    public static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
