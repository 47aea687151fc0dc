namespace AllianceFhir.Core.Plans;

/// <summary>Canonical URLs compared without their <c>|version</c> (R4 canonical: <c>url|version</c>).</summary>
public static class Canonicals
{
    public static string WithoutVersion(string canonical)
    {
        var bar = canonical.IndexOf('|');
        return bar < 0 ? canonical : canonical[..bar];
    }

    public static bool SameQuestionnaire(string? a, string? b) =>
        a is not null && b is not null && string.Equals(WithoutVersion(a), WithoutVersion(b), StringComparison.Ordinal);
}
