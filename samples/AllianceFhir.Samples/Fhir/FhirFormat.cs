using System.Globalization;

namespace AllianceFhir.Samples.Fhir;

/// <summary>FHIR date and dateTime text, invariant and always UTC with Z.</summary>
internal static class FhirFormat
{
    public static string DateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
