using System.Globalization;
using AllianceFhir.Samples.Catalogue;
using AllianceFhir.Samples.Planning;
using CanonicalUrls = AllianceFhir.Core.Catalogue.CanonicalUrls;

namespace AllianceFhir.Samples.Responses;

/// <summary>PHQ-9 / GAD-7 responses in the catalogue's own shape (linkIds "1".., LOINC answer codings).</summary>
internal static class SymptomResponseBuilder
{
    public static GeneratedResponse Build(PatientPlan plan, SessionPlan session, InstrumentSpec spec, Random rng)
    {
        int total = spec == Instruments.Phq9 ? session.Phq9Total : session.Gad7Total;
        var values = SymptomItems.Draw(plan, spec, total, rng);
        int? difficulty = SymptomItems.Difficulty(plan, spec, total, rng);
        var missing = SymptomItems.Missing(spec, session, rng);
        var authored = plan.DeliveryMode == "face-to-face"
            ? session.Time.AddMinutes(-rng.Next(5, 30)).AddSeconds(rng.Next(0, 60))
            : session.Time.AddMinutes(-rng.Next(15, 240)).AddSeconds(rng.Next(0, 60));

        var items = new List<QrItem>(values.Length + 1);
        for (int i = 0; i < values.Length; i++)
        {
            if (!missing.Contains(i))
            {
                items.Add(new QrItem(LinkId(i + 1), Answer(spec, i, values[i])));
            }
        }

        if (difficulty is int level && spec.DifficultyLinkId is string difficultyLinkId)
        {
            var coding = Loinc.DifficultyAnswer(level);
            items.Add(new QrItem(difficultyLinkId, QrAnswer.Coding(CanonicalUrls.Loinc, coding.Code, coding.Display)));
        }

        var document = new QrDocument(
            ResponseIds.For(plan, spec.Id, session),
            Canonical(plan, spec),
            "completed",
            plan.Reference,
            authored,
            plan.SymptomsClinicianEntered ? plan.PractitionerReference : plan.Reference,
            items);
        bool itemNinePositive = spec == Instruments.Phq9 && values[8] > 0;
        return new GeneratedResponse(document, spec.Id, LhcShape: false, missing.Count, itemNinePositive);
    }

    public static QrAnswer Answer(InstrumentSpec spec, int itemIndex, int value)
    {
        var coding = Loinc.FrequencyAnswer(value, gad7ItemTwo: spec == Instruments.Gad7 && itemIndex == 1);
        return QrAnswer.Coding(CanonicalUrls.Loinc, coding.Code, coding.Display);
    }

    public static string Canonical(PatientPlan plan, InstrumentSpec spec) =>
        plan.Clinic.VersionedCanonical ? spec.Canonical + "|" + FhirUrls.Version : spec.Canonical;

    public static string LinkId(int number) => number.ToString(CultureInfo.InvariantCulture);
}
