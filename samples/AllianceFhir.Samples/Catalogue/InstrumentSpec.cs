namespace AllianceFhir.Samples.Catalogue;

/// <summary>The structure of one instrument as the generator needs it (no item text for licensed instruments).</summary>
/// <param name="Id">Questionnaire id, e.g. "phq-9".</param>
/// <param name="ItemCount">Scored items, linkIds "1".."ItemCount".</param>
/// <param name="MinOrdinal">Lowest answer value.</param>
/// <param name="MaxOrdinal">Highest answer value.</param>
/// <param name="Scale">How answers are written.</param>
/// <param name="DifficultyLinkId">linkId of the unscored difficulty item, if any.</param>
internal sealed record InstrumentSpec(
    string Id,
    int ItemCount,
    int MinOrdinal,
    int MaxOrdinal,
    ScaleKind Scale,
    string? DifficultyLinkId)
{
    public string Canonical => FhirUrls.QuestionnaireBase + Id;

    public int MinTotal => ItemCount * MinOrdinal;

    public int MaxTotal => ItemCount * MaxOrdinal;
}
