namespace AllianceFhir.Samples.Catalogue;

/// <summary>How an instrument's answers are written.</summary>
internal enum ScaleKind
{
    /// <summary>LOINC frequency answers (LA6568-5 … LA6571-9), ordinal 0–3.</summary>
    LoincFrequency,

    /// <summary>Local codes <c>{instrument}-{ordinal}</c> in the answer-scales CodeSystem.</summary>
    LocalOrdinal,

    /// <summary>valueDecimal 0–10 with one decimal (SRS visual-analogue lines).</summary>
    VisualAnalogue,
}
