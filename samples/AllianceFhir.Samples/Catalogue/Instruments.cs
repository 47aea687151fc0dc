namespace AllianceFhir.Samples.Catalogue;

/// <summary>The six instruments of the catalogue (docs/adr/0001, shared/domain.md §2).</summary>
internal static class Instruments
{
    public static readonly InstrumentSpec Phq9 = new("phq-9", 9, 0, 3, ScaleKind.LoincFrequency, "10");

    public static readonly InstrumentSpec Gad7 = new("gad-7", 7, 0, 3, ScaleKind.LoincFrequency, "8");

    /// <summary>WAI-SR: 12 items 1–5; Task 1,2,10,12; Bond 3,5,7,9; Goal 4,6,8,11.</summary>
    public static readonly InstrumentSpec WaiSr = new("wai-sr", 12, 1, 5, ScaleKind.LocalOrdinal, null);

    /// <summary>SRS: 4 visual-analogue items 0–10, total 0–40, cutoff 36.</summary>
    public static readonly InstrumentSpec Srs = new("srs", 4, 0, 10, ScaleKind.VisualAnalogue, null);

    /// <summary>SAI: 6 items, codes sai-1..sai-7.</summary>
    public static readonly InstrumentSpec Sai = new("sai", 6, 1, 7, ScaleKind.LocalOrdinal, null);

    /// <summary>D-WAI: 6 items, codes d-wai-1..d-wai-5.</summary>
    public static readonly InstrumentSpec DWai = new("d-wai", 6, 1, 5, ScaleKind.LocalOrdinal, null);

    public static readonly IReadOnlyList<InstrumentSpec> All = [Phq9, Gad7, WaiSr, Srs, Sai, DWai];
}
