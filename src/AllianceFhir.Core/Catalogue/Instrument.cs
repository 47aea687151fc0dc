using System.Runtime.CompilerServices;

namespace AllianceFhir.Core.Catalogue;

/// <summary>An instrument as the catalogue reads it from its Questionnaire.</summary>
public sealed record Instrument(
    string Id,
    string Url,
    string? Version,
    string Title,
    CodeRef Code,
    InstrumentCategory Category,
    ScoreDirection Direction,
    bool LicensedText,
    IReadOnlyList<InstrumentItem> Items,
    IReadOnlyList<ScaleDefinition> Scales,
    IReadOnlyList<SeverityBand> Bands,
    IReadOnlyList<Cutoff> Cutoffs,
    IReadOnlyList<ReliableChangeCriterion> ReliableChange,
    IReadOnlyList<RuptureRule> RuptureRules)
{
    /// <summary>Who completes it: the client (default) or a caregiver about the client (extension <c>informant</c>).</summary>
    public Informant Informant { get; init; } = Informant.Self;

    /// <summary>The ages it is meant for (extension <c>intended-age</c>); null when the profile does not say.</summary>
    public AgeRange? IntendedAge { get; init; }

    /// <summary>
    /// Canonical URL of the same instrument for the other informant (RCADS-25 ↔ RCADS-P-25; extension <c>counterpart</c>),
    /// so self-report and caregiver report can be shown side by side; null when there is none.
    /// </summary>
    public string? Counterpart { get; init; }

    /// <summary>The items that carry a safety signal (PHQ-9 item 9, the PHQ-A's suicide questions), in item order; computed once (issue 12).</summary>
    public IReadOnlyList<InstrumentItem> SafetyItems { get; } = [.. Items.Where(i => i.Safety is not null)];

    private readonly Dictionary<string, InstrumentItem> _byLinkId = Items.ToDictionary(i => i.LinkId, StringComparer.Ordinal);
    private readonly Dictionary<string, InstrumentItem> _byItemCode = Items
        .Where(i => i.Code is not null)
        .GroupBy(i => i.Code!.Code, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public InstrumentItem? FindItemByLinkId(string linkId) => _byLinkId.GetValueOrDefault(linkId);

    public InstrumentItem? FindItemByCode(string code) => _byItemCode.GetValueOrDefault(code);

    /// <summary>As <see cref="FindItemByCode(string)"/> on part of a string (a linkId's last segment), without a string of its own.</summary>
    public InstrumentItem? FindItemByCode(ReadOnlySpan<char> code) => _byItemCode.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(code, out var item) ? item : null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ScaleDefinition? FindScale(string key)
    {
        for (var i = 0; i < Scales.Count; i++) // a loop: called per scored line (issue 12: no closure)
            if (Scales[i].Key == key) return Scales[i];
        return null;
    }

    public ScaleDefinition TotalScale => FindScale("total") ?? Scales[0];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SeverityBand? BandFor(string scale, decimal score)
    {
        for (var i = 0; i < Bands.Count; i++) // a loop: called per score (issue 12: no closure)
            if (Bands[i].Scale == scale && Bands[i].Contains(score)) return Bands[i];
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Cutoff? FindCutoff(string scale, CutoffKind kind)
    {
        for (var i = 0; i < Cutoffs.Count; i++)
            if (Cutoffs[i].Scale == scale && Cutoffs[i].Kind == kind) return Cutoffs[i];
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReliableChangeCriterion? FindReliableChange(string scale)
    {
        for (var i = 0; i < ReliableChange.Count; i++)
            if (ReliableChange[i].Scale == scale) return ReliableChange[i];
        return null;
    }

    /// <summary>
    /// The ordinal of an answer code used anywhere in this instrument with a single meaning: lets a
    /// response from another form of the instrument (LHC-Forms' LOINC form) score an item whose own
    /// answer list uses a different code for the same value.
    /// </summary>
    public decimal? OrdinalOfCodeElsewhere(InstrumentItem item, string? system, string? code)
    {
        // Only items scored on the same scale: the PHQ-9 difficulty item's codes must never score item 1.
        var ordinals = Items.Where(i => i.Scales.Any(item.Scales.Contains))
            .SelectMany(i => i.AnswerOptions).Where(a => a.Coding.Matches(system, code)).Select(a => a.Ordinal).Distinct().ToList();
        return ordinals.Count == 1 ? ordinals[0] : null;
    }
}
