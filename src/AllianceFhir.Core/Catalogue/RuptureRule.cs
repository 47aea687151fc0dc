namespace AllianceFhir.Core.Catalogue;

public sealed record RuptureRule(string Scale, RuptureMethod Method, decimal Threshold, int MinHistory, string? Source)
{
    public string Name => Method switch
    {
        RuptureMethod.SdDrop => $"sd-drop-{Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        RuptureMethod.BelowCutoff => $"below-cutoff-{Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        _ => $"point-drop-{Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
    };
}
