namespace AllianceFhir.Core.Catalogue;

/// <param name="MinSd">sd-drop only: floor for the patient's own SD, so a ceiling-level patient (SD 0) whose score falls is still seen.</param>
public sealed record RuptureRule(string Scale, RuptureMethod Method, decimal Threshold, int MinHistory, string? Source, decimal? MinSd = null)
{
    public string Name => Method switch
    {
        RuptureMethod.SdDrop => $"sd-drop-{Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        RuptureMethod.BelowCutoff => $"below-cutoff-{Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        _ => $"point-drop-{Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
    };
}
