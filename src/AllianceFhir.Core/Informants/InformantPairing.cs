using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Informants;

/// <summary>
/// The catalogue-level mapping from a caregiver version to the self-report instrument of the same construct, from
/// the catalogue itself (a caregiver version whose profile names its self-report <c>counterpart</c>, as RCADS-P-25 names
/// RCADS-25) and from <see cref="InformantSettings.Pairs"/> (catalogue ids or canonicals, resolved against the catalogue
/// once; a configured pair wins over the profile's).
/// </summary>
public sealed class InformantPairing
{
    private readonly Dictionary<string, Instrument> _selfOf = new(StringComparer.Ordinal);

    public InformantPairing(InstrumentCatalogue catalogue, InformantSettings settings)
    {
        foreach (var instrument in catalogue.Instruments)
            if (instrument.Informant == Informant.Caregiver && instrument.Counterpart is { } counterpart
                && catalogue.Resolve(counterpart) is { Informant: Informant.Self } self && self.Id != instrument.Id)
                _selfOf[instrument.Id] = self;
        foreach (var pair in settings.Pairs)
            if (Find(catalogue, pair.Self) is { } self && Find(catalogue, pair.Caregiver) is { } caregiver && self.Id != caregiver.Id)
                _selfOf[caregiver.Id] = self;
    }

    /// <summary>Pairs whose two instruments were both found in the catalogue.</summary>
    public int Count => _selfOf.Count;

    /// <summary>The self-report instrument a caregiver report on <paramref name="instrument"/> is compared with: its pair, else itself.</summary>
    public Instrument ConstructOf(Instrument instrument) => _selfOf.GetValueOrDefault(instrument.Id) ?? instrument;

    /// <summary>True when <paramref name="instrument"/> is a caregiver version named in a pair.</summary>
    public bool IsCaregiverVersion(Instrument instrument) => _selfOf.ContainsKey(instrument.Id);

    private static Instrument? Find(InstrumentCatalogue catalogue, string idOrCanonical) =>
        string.IsNullOrWhiteSpace(idOrCanonical) ? null : catalogue.FindById(idOrCanonical.Trim()) ?? catalogue.Resolve(idOrCanonical.Trim());
}
