using System.Globalization;

namespace AllianceFhir.Samples.Planning;

/// <summary>Patient ids: pat-0001, pat-0002, … (at least four digits).</summary>
internal static class PatientIds
{
    public static string ForIndex(int index) => "pat-" + (index + 1).ToString("D4", CultureInfo.InvariantCulture);
}
