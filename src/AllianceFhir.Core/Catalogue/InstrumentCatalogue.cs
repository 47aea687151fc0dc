using System.Runtime.CompilerServices;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Catalogue;

/// <summary>
/// The instruments the engine can score, read from their Questionnaires. Fixed once built: what is derived from it
/// (<see cref="SafetyItems"/>) belongs to this instance and never goes stale.
/// </summary>
public sealed class InstrumentCatalogue
{
    private readonly Dictionary<string, Instrument> _byCanonical = new(StringComparer.Ordinal);
    private readonly List<Instrument> _instruments = [];

    public InstrumentCatalogue(IEnumerable<Questionnaire> questionnaires)
    {
        foreach (var q in questionnaires)
        {
            var instrument = QuestionnaireReader.Read(q);
            if (!_byCanonical.TryAdd(instrument.Url, instrument))
                throw new CatalogueException($"Questionnaire/{q.Id}: url '{instrument.Url}' is defined twice");
            _instruments.Add(instrument);
            // LHC-Forms renders LOINC panels as http://loinc.org/q/{panel}: map them to the same instrument.
            if (instrument.Code.System == CanonicalUrls.Loinc)
                _byCanonical.TryAdd(CanonicalUrls.LoincQuestionnairePrefix + instrument.Code.Code, instrument);
        }
        SafetyItems = _instruments.SelectMany(i => i.Items).Where(i => i.Safety is not null).ToList();
    }

    public IReadOnlyList<Instrument> Instruments => _instruments;

    /// <summary>
    /// Every item of every instrument that carries a safety signal (PHQ-9 item 9, the PHQ-A's suicide questions), in
    /// catalogue order (each instrument's own are <see cref="Instrument.SafetyItems"/>).
    /// </summary>
    public IReadOnlyList<InstrumentItem> SafetyItems { get; }

    /// <summary>Finds the instrument for a canonical reference, with or without a |version suffix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Instrument? Resolve(string? canonical)
    {
        if (string.IsNullOrEmpty(canonical)) return null;
        var bar = canonical.IndexOf('|');
        var url = bar >= 0 ? canonical[..bar] : canonical;
        return _byCanonical.GetValueOrDefault(url);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Instrument? FindById(string id) => Instruments.FirstOrDefault(i => i.Id == id);

    /// <summary>The instrument whose total scale is written under this Observation code (e.g. LOINC 44261-6).</summary>
    public (Instrument Instrument, ScaleDefinition Scale)? FindByScoreCode(string? system, string? code)
    {
        foreach (var instrument in Instruments)
            foreach (var scale in instrument.Scales)
                if (scale.Code.Matches(system, code)) return (instrument, scale);
        return null;
    }
}
