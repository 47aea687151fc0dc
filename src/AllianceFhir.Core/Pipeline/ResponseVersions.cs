using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Pipeline;

/// <summary>
/// Which of two versions of one QuestionnaireResponse (same id, other answers) is the later: the higher
/// <c>meta.versionId</c> (numeric when both are numbers, as FHIR servers number them), else the later
/// <c>meta.lastUpdated</c>, else the one read later. The nightly path sees only the EHR's current version
/// (docs/adr/0009-following-the-record.md); an ndjson export can hold both, and this rule picks the one the EHR
/// would call current.
/// </summary>
public static class ResponseVersions
{
    /// <summary>True when <paramref name="second"/> (read later) is the later version; and why, for the issue.</summary>
    public static (bool SecondWins, string Why) Compare(Meta? first, Meta? second)
    {
        var (a, b) = (first?.VersionId, second?.VersionId);
        if (long.TryParse(a, out var va) && long.TryParse(b, out var vb) && va != vb)
            return (vb > va, $"meta.versionId {Math.Max(va, vb)} is later than {Math.Min(va, vb)}");
        if (first?.LastUpdated is { } la && second?.LastUpdated is { } lb && la != lb)
            return (lb > la, $"meta.lastUpdated {(lb > la ? lb : la):O} is later");
        return (true, "no meta.versionId or meta.lastUpdated tells them apart: the later line wins");
    }
}
