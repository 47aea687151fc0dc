using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Catalogue;

/// <summary>Reads an <see cref="Instrument"/> from a Questionnaire that follows docs/adr/0001.</summary>
public static class QuestionnaireReader
{
    public static Instrument Read(Questionnaire q)
    {
        var where = $"Questionnaire/{q.Id ?? "(no id)"}";
        if (string.IsNullOrEmpty(q.Url)) throw new CatalogueException($"{where}: url is required");
        var code = q.Code.FirstOrDefault() ?? throw new CatalogueException($"{where}: code (the instrument code) is required");

        var items = new List<InstrumentItem>();
        foreach (var item in Flatten(q.Item)) items.Add(ReadItem(item, where));

        var scales = q.GetExtensions(CanonicalUrls.Scale).Select(e => ReadScale(e, items, where)).ToList();
        if (scales.Count == 0) throw new CatalogueException($"{where}: at least one '{CanonicalUrls.Scale}' extension is required");
        foreach (var item in items.Where(i => i.IsScored))
            foreach (var key in item.Scales.Where(k => scales.All(s => s.Key != k)))
                throw new CatalogueException($"{where}: item '{item.LinkId}' counts towards scale '{key}', which no scale extension defines");

        return new Instrument(
            Id: q.Id ?? q.Url.Split('/')[^1],
            Url: q.Url,
            Version: q.Version,
            Title: q.Title ?? q.Name ?? q.Url,
            Code: ToCodeRef(code, where),
            Category: ParseCode(CodeValue(q.GetExtension(CanonicalUrls.InstrumentCategory)), where, "instrument-category",
                ("symptom", InstrumentCategory.Symptom), ("alliance", InstrumentCategory.Alliance)),
            Direction: ParseCode(CodeValue(q.GetExtension(CanonicalUrls.ScoreDirection)), where, "score-direction",
                ("higher-is-worse", ScoreDirection.HigherIsWorse), ("higher-is-better", ScoreDirection.HigherIsBetter)),
            LicensedText: (q.GetExtension(CanonicalUrls.LicensedText)?.Value as FhirBoolean)?.Value ?? false,
            Items: items,
            Scales: scales,
            Bands: q.GetExtensions(CanonicalUrls.SeverityBand).Select(e => new SeverityBand(
                ScaleOf(e), Dec(e, "min", where), Dec(e, "max", where), Str(e, "code", where), Str(e, "display", where))).ToList(),
            Cutoffs: q.GetExtensions(CanonicalUrls.Cutoff).Select(e => new Cutoff(
                ScaleOf(e),
                ParseCode(Str(e, "kind", where), where, "cutoff.kind",
                    ("caseness", CutoffKind.Caseness), ("remission", CutoffKind.Remission), ("alliance-concern", CutoffKind.AllianceConcern)),
                Str(e, "comparator", where), Dec(e, "value", where), OptStr(e, "source"))).ToList(),
            ReliableChange: q.GetExtensions(CanonicalUrls.ReliableChange).Select(e => new ReliableChangeCriterion(
                ScaleOf(e), Dec(e, "threshold", where), OptDec(e, "sd"), OptDec(e, "reliability"), OptStr(e, "source"))).ToList(),
            RuptureRules: q.GetExtensions(CanonicalUrls.RuptureRule).Select(e => new RuptureRule(
                ScaleOf(e),
                ParseCode(Str(e, "method", where), where, "rupture-rule.method",
                    ("sd-drop", RuptureMethod.SdDrop), ("below-cutoff", RuptureMethod.BelowCutoff), ("point-drop", RuptureMethod.PointDrop)),
                Dec(e, "threshold", where), (int)(OptDec(e, "minHistory") ?? 1), OptStr(e, "source"), OptDec(e, "minSd"))).ToList())
        {
            Informant = q.GetExtension(CanonicalUrls.Informant) is { } informant
                ? ParseCode(CodeValue(informant), where, "informant", ("self", Informant.Self), ("caregiver", Informant.Caregiver))
                : Informant.Self,
            IntendedAge = q.GetExtension(CanonicalUrls.IntendedAge) is { } age ? ReadAgeRange(age, where) : null,
            Counterpart = q.GetExtension(CanonicalUrls.Counterpart)?.Value switch
            {
                Canonical c when !string.IsNullOrEmpty(c.Value) => c.Value,
                null => null,
                _ => throw new CatalogueException($"{where}: extension '{CanonicalUrls.Counterpart}' needs a valueCanonical"),
            },
        };
    }

    private static AgeRange ReadAgeRange(Extension e, string where)
    {
        var min = Dec(e, "min", where);
        var max = Dec(e, "max", where);
        if (min < 0 || max < min || min != decimal.Truncate(min) || max != decimal.Truncate(max))
            throw new CatalogueException($"{where}: intended-age needs whole years with 0 <= min <= max (got {min}..{max})");
        return new AgeRange((int)min, (int)max, OptStr(e, "source"));
    }

    private static IEnumerable<Questionnaire.ItemComponent> Flatten(IEnumerable<Questionnaire.ItemComponent> items)
    {
        foreach (var item in items)
        {
            yield return item;
            foreach (var child in Flatten(item.Item)) yield return child;
        }
    }

    private static InstrumentItem ReadItem(Questionnaire.ItemComponent item, string where)
    {
        var at = $"{where} item '{item.LinkId}'";
        var code = item.Code.FirstOrDefault();
        var options = item.AnswerOption.Select(o =>
        {
            if (o.Value is not Coding c) throw new CatalogueException($"{at}: answerOption must be a valueCoding");
            var ordinal = (o.GetExtensionValue<FhirDecimal>(CanonicalUrls.OrdinalValue)?.Value
                           ?? c.GetExtensionValue<FhirDecimal>(CanonicalUrls.OrdinalValue)?.Value)
                          ?? throw new CatalogueException($"{at}: answer '{c.Code}' has no ordinalValue");
            return new AnswerOption(ToCodeRef(c, at), ordinal);
        }).ToList();

        var kind = item switch
        {
            { ReadOnly: true } when item.GetExtensions(CanonicalUrls.CalculatedExpression).Any() => ItemKind.Calculated,
            { Type: Questionnaire.QuestionnaireItemType.Choice or Questionnaire.QuestionnaireItemType.OpenChoice } => ItemKind.Coded,
            { Type: Questionnaire.QuestionnaireItemType.Integer or Questionnaire.QuestionnaireItemType.Decimal } => ItemKind.Numeric,
            _ => ItemKind.Other,
        };
        var scales = item.GetExtensions(CanonicalUrls.Subscale).Select(e => (e.Value as Code)?.Value
            ?? throw new CatalogueException($"{at}: subscale must be a valueCode")).ToList();
        if (scales.Count > 0 && kind is not (ItemKind.Coded or ItemKind.Numeric))
            throw new CatalogueException($"{at}: only choice, integer or decimal items can count towards a scale");
        if (kind == ItemKind.Coded && scales.Count > 0 && options.Count == 0)
            throw new CatalogueException($"{at}: a scored choice item needs answerOptions");

        var min = NumberExtension(item, CanonicalUrls.MinValue);
        var max = NumberExtension(item, CanonicalUrls.MaxValue);
        if (kind == ItemKind.Numeric && scales.Count > 0 && (min is null || max is null))
            throw new CatalogueException($"{at}: a scored numeric item needs minValue and maxValue");

        SafetySignalRule? safety = null;
        if (item.GetExtension(CanonicalUrls.SafetySignal) is { } s)
            safety = new SafetySignalRule(OptStr(s, "kind") ?? "self-harm", OptDec(s, "minOrdinal") ?? 1m);

        return new InstrumentItem(item.LinkId ?? throw new CatalogueException($"{where}: an item has no linkId"), kind, code is null ? null : ToCodeRef(code, at),
            options, min, max, scales, safety);
    }

    private static ScaleDefinition ReadScale(Extension e, IReadOnlyList<InstrumentItem> items, string where)
    {
        var key = Str(e, "key", where);
        var coding = e.GetExtensionValue<Coding>("code") ?? throw new CatalogueException($"{where}: scale '{key}' needs a valueCoding 'code'");
        var members = items.Where(i => i.Scales.Contains(key)).ToList();
        if (members.Count == 0) throw new CatalogueException($"{where}: scale '{key}' has no items (no item carries subscale '{key}')");
        var min = members.Sum(i => i.Kind == ItemKind.Coded ? i.AnswerOptions.Min(a => a.Ordinal) : i.Min!.Value);
        var max = members.Sum(i => i.Kind == ItemKind.Coded ? i.AnswerOptions.Max(a => a.Ordinal) : i.Max!.Value);
        return new ScaleDefinition(key, ToCodeRef(coding, where),
            (int)(OptDec(e, "maxMissingItems") ?? 0), members.Select(i => i.LinkId).ToList(), min, max);
    }

    private static CodeRef ToCodeRef(Coding c, string where) =>
        new(c.System ?? throw new CatalogueException($"{where}: coding '{c.Code}' has no system"),
            c.Code ?? throw new CatalogueException($"{where}: a coding of system '{c.System}' has no code"),
            c.Display);

    private static decimal? NumberExtension(Element element, string url) => element.GetExtension(url)?.Value switch
    {
        FhirDecimal d => d.Value,
        Integer i => i.Value,
        _ => null,
    };

    private static string ScaleOf(Extension e) => OptStr(e, "scale") ?? "total";

    private static string? OptStr(Extension e, string name) => CodeValue(e.GetExtension(name));

    private static string? CodeValue(Extension? e) => e?.Value switch
    {
        Code c => c.Value,
        FhirString s => s.Value,
        _ => null,
    };

    private static string Str(Extension e, string name, string where) =>
        OptStr(e, name) ?? throw new CatalogueException($"{where}: extension '{e.Url}' needs a sub-extension '{name}'");

    private static decimal? OptDec(Extension e, string name) => e.GetExtension(name)?.Value switch
    {
        FhirDecimal d => d.Value,
        Integer i => i.Value,
        PositiveInt p => p.Value,
        UnsignedInt u => u.Value,
        _ => null,
    };

    private static decimal Dec(Extension e, string name, string where) =>
        OptDec(e, name) ?? throw new CatalogueException($"{where}: extension '{e.Url}' needs a numeric sub-extension '{name}'");

    private static T ParseCode<T>(string? value, string where, string what, params (string Code, T Value)[] known)
    {
        foreach (var (c, v) in known)
            if (c == value) return v;
        throw new CatalogueException(
            $"{where}: {what} is '{value ?? "(missing)"}'; expected one of {string.Join(", ", known.Select(k => k.Code))}");
    }

}
