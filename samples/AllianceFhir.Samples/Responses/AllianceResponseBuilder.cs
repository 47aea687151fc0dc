using System.Globalization;
using AllianceFhir.Samples.Catalogue;
using AllianceFhir.Samples.Planning;
using CanonicalUrls = AllianceFhir.Core.Catalogue.CanonicalUrls;

namespace AllianceFhir.Samples.Responses;

/// <summary>
/// Client-rated alliance responses (WAI-SR, SRS, SAI, D-WAI) filled in after the session. Licensed
/// instruments carry no text: codings are answer-scales codes without display.
/// </summary>
internal static class AllianceResponseBuilder
{
    public static GeneratedResponse Build(PatientPlan plan, SessionPlan session, Random rng)
    {
        var spec = plan.AllianceInstrument;
        var items = spec.Scale == ScaleKind.VisualAnalogue
            ? VisualAnalogueItems(spec, session.Alliance, rng)
            : OrdinalItems(spec, session.Alliance, rng);
        var document = new QrDocument(
            ResponseIds.For(plan, spec.Id, session),
            SymptomResponseBuilder.Canonical(plan, spec),
            "completed",
            plan.Reference,
            session.Time.AddMinutes(50 + rng.Next(0, 15)).AddSeconds(rng.Next(0, 60)),
            plan.Reference,
            items);
        return new GeneratedResponse(document, spec.Id, LhcShape: false, MissingItems: 0, ItemNinePositive: false);
    }

    public static List<QrItem> OrdinalItems(InstrumentSpec spec, double fraction, Random rng)
    {
        int total = RandomExtensions.RoundToInt(spec.MinTotal + (fraction * (spec.MaxTotal - spec.MinTotal)));
        var values = ScoreSplitter.Split(total, spec.ItemCount, spec.MinOrdinal, spec.MaxOrdinal, rng);
        var items = new List<QrItem>(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            items.Add(new QrItem(SymptomResponseBuilder.LinkId(i + 1), OrdinalAnswer(spec, values[i])));
        }

        return items;
    }

    public static QrAnswer OrdinalAnswer(InstrumentSpec spec, int value) =>
        QrAnswer.Coding(CanonicalUrls.AnswerScalesCodeSystem, spec.Id + "-" + value.ToString(CultureInfo.InvariantCulture));

    /// <summary>SRS lines 0–10 with one decimal; a fraction of 1 is a perfect 10.0 on every line.</summary>
    private static List<QrItem> VisualAnalogueItems(InstrumentSpec spec, double fraction, Random rng)
    {
        var items = new List<QrItem>(spec.ItemCount);
        for (int i = 0; i < spec.ItemCount; i++)
        {
            double value = fraction >= 1 ? 10 : Math.Clamp((fraction * 10) + (rng.Gaussian() * 0.3), 0, 10);
            int tenths = RandomExtensions.RoundToInt(value * 10);
            items.Add(new QrItem(SymptomResponseBuilder.LinkId(i + 1), QrAnswer.Decimal(new decimal(tenths, 0, 0, false, 1))));
        }

        return items;
    }
}
