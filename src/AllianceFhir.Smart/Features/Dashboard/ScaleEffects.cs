using System.Globalization;
using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Smart.Features.Dashboard;

/// <summary>
/// Ceiling and floor effects in words (docs/domain.md §1, "Ceiling and floor"): every score at the top of an alliance
/// scale is not evidence of a strong alliance; at a scale's end, change in that direction cannot show.
/// </summary>
public static class ScaleEffects
{
    /// <summary>The phrase that marks the every-score-at-the-maximum note (the summary repeats that one).</summary>
    public const string NotEvidence = "is not evidence of a strong alliance";

    public static IReadOnlyList<string> Describe(string instrument, string what, ScoreDirection direction, ScaleDefinition scale, IReadOnlyList<decimal> values)
    {
        var notes = new List<string>();
        if (values.Count == 0) return notes;
        var atMax = values.Count(v => v >= scale.Max);
        var atMin = values.Count(v => v <= scale.Min);
        var higherIsBetter = direction != ScoreDirection.HigherIsWorse;
        if (higherIsBetter && atMax == values.Count && values.Count >= 2)
            notes.Add($"{instrument} {what} at its maximum ({Fmt(scale.Max)}) in all {values.Count} ratings: this {NotEvidence}. Clients rate the alliance " +
                      "near the top of the scale (a ceiling effect), so a perfect score can also mean the client does not feel free to say what is not working, " +
                      "and a dip cannot show until the score leaves the top; ask what could be better (docs/domain.md §1).");
        else if (atMax > 0)
            notes.Add($"{atMax} of {values.Count} {instrument} {what}s at the scale maximum ({Fmt(scale.Max)}): at the ceiling " +
                      (higherIsBetter ? "a further rise cannot show, and a small drop may matter (docs/domain.md §1)." : "further deterioration cannot show (docs/domain.md §1)."));
        if (atMin > 0)
            notes.Add($"{atMin} of {values.Count} {instrument} {what}s at the scale minimum ({Fmt(scale.Min)}): at the floor " +
                      (higherIsBetter ? "a further fall cannot show (docs/domain.md §1)." : "further improvement cannot show (docs/domain.md §1)."));
        return notes;
    }

    private static string Fmt(decimal d) => d.ToString("0.#", CultureInfo.InvariantCulture);
}
