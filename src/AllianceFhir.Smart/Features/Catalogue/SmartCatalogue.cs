using AllianceFhir.Core.Catalogue;
using AllianceFhir.Ehr.Profiles;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Smart.Features.Catalogue;

/// <summary>
/// The instrument catalogue (scoring, thresholds, rules: all from profiles/) and the Questionnaires as the app shows
/// them, with the site's text packs applied. Scores never depend on the wording: the catalogue is read from the
/// Questionnaires as shipped.
/// </summary>
public sealed class SmartCatalogue
{
    private readonly Dictionary<string, Questionnaire> _display = new(StringComparer.Ordinal);
    private readonly HashSet<string> _packed = new(StringComparer.Ordinal);

    public SmartCatalogue(IOptions<CatalogueOptions> options)
    {
        var questionnaires = ProfileDirectory.ReadQuestionnaires(options.Value.ProfilesFolder ?? ProfileDirectory.Default());
        Catalogue = new InstrumentCatalogue(questionnaires);
        var packs = options.Value.TextPacks.Select(path =>
        {
            if (!File.Exists(path)) throw new CatalogueException($"Smart:TextPacks: file '{path}' does not exist");
            return TextPack.Parse(File.ReadAllText(path), Path.GetFileName(path));
        }).ToDictionary(p => p.Questionnaire, StringComparer.Ordinal);
        foreach (var q in questionnaires)
        {
            var instrument = Catalogue.Resolve(q.Url)!;
            if (packs.TryGetValue(q.Url ?? "", out var pack))
            {
                _display[instrument.Id] = WithRadioButtons(pack.ApplyTo(q));
                _packed.Add(instrument.Id);
            }
            else _display[instrument.Id] = WithRadioButtons(q);
        }
        var unknown = packs.Keys.Where(url => Catalogue.Resolve(url) is null).ToList();
        if (unknown.Count > 0)
            throw new CatalogueException($"Smart:TextPacks: no instrument has the canonical URL {string.Join(", ", unknown.Select(u => $"'{u}'"))}");
    }

    public InstrumentCatalogue Catalogue { get; }

    private const string ItemControl = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";

    /// <summary>
    /// Short answer lists render as radio buttons (SDC itemControl): one tap each, readable at once, usable with the
    /// keyboard, better for a client holding the device than LHC-Forms' default autocomplete.
    /// </summary>
    private static Questionnaire WithRadioButtons(Questionnaire questionnaire)
    {
        var copy = (Questionnaire)questionnaire.DeepCopy();
        foreach (var item in Flatten(copy.Item))
            if (item.Type == Questionnaire.QuestionnaireItemType.Choice && item.AnswerOption.Count is > 0 and <= 7 && item.GetExtension(ItemControl) is null)
                item.Extension.Add(new Extension(ItemControl, new CodeableConcept("http://hl7.org/fhir/questionnaire-item-control", "radio-button", "Radio Button")));
        return copy;
    }

    private static IEnumerable<Questionnaire.ItemComponent> Flatten(IEnumerable<Questionnaire.ItemComponent> items) =>
        items.SelectMany(i => Flatten(i.Item).Prepend(i));

    /// <summary>The Questionnaire to render (text pack applied when the site has one), or null for an unknown id.</summary>
    public Questionnaire? ForDisplay(string instrumentId) => _display.GetValueOrDefault(instrumentId);

    /// <summary>True when the instrument's wording is licensed and this site has loaded no text for it (placeholders shown).</summary>
    public bool ShowsPlaceholders(Instrument instrument) => instrument.LicensedText && !_packed.Contains(instrument.Id);
}
