using System.Globalization;
using System.Text.Json;
using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Smart.Features.Ehr;

/// <summary>
/// What the dashboard reads straight from search JSON besides the responses themselves (which Core's ResponseReader
/// reads and ResponseScorer scores, as on every path; issue 12): whether an Observation is our own score of a response
/// already read, and a resource's type and id for messages.
/// </summary>
public static class ResponseJson
{
    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) ? p.ValueKind switch
        {
            JsonValueKind.String => p.GetString(),
            JsonValueKind.Number => p.GetRawText(),
            _ => throw new FormatException($"{name} is not a string"),
        } : null;

    /// <summary>True when the Observation is one of ours derived from a response already read (ScoreSeries would drop it anyway).</summary>
    public static bool IsOurScoreOf(JsonElement observation, IReadOnlySet<string> responseIds)
    {
        if (!observation.TryGetProperty("identifier", out var ids) || ids.ValueKind != JsonValueKind.Array) return false;
        if (!ids.EnumerateArray().Any(i => Str(i, "system") == CanonicalUrls.ScoreIdentifierSystem)) return false;
        if (!observation.TryGetProperty("derivedFrom", out var from) || from.ValueKind != JsonValueKind.Array) return false;
        foreach (var d in from.EnumerateArray())
        {
            var reference = Str(d, "reference");
            var at = reference?.LastIndexOf("QuestionnaireResponse/", StringComparison.Ordinal) ?? -1;
            if (at < 0) continue;
            var id = reference![(at + "QuestionnaireResponse/".Length)..].Split('/')[0];
            if (responseIds.Contains(id)) return true;
        }
        return false;
    }

    public static string Describe(JsonElement e) => string.Create(CultureInfo.InvariantCulture, $"{Str(e, "resourceType")}/{Str(e, "id")}");
}
