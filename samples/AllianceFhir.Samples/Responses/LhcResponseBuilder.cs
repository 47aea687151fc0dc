using AllianceFhir.Samples.Catalogue;
using AllianceFhir.Samples.Planning;
using CanonicalUrls = AllianceFhir.Core.Catalogue.CanonicalUrls;

namespace AllianceFhir.Samples.Responses;

/// <summary>
/// PHQ-9 / GAD-7 responses as LOINC's LHC-Forms exports them: questionnaire http://loinc.org/q/{panel},
/// linkIds "/{item code}", LOINC answers without ordinalValue, the public-domain item text, and the total
/// as an item "/{total code}" with valueInteger. No author (the app does not record one).
/// </summary>
internal static class LhcResponseBuilder
{
    public static GeneratedResponse Build(PatientPlan plan, SessionPlan session, InstrumentSpec spec, Random rng)
    {
        bool phq9 = spec == Instruments.Phq9;
        int total = phq9 ? session.Phq9Total : session.Gad7Total;
        var values = SymptomItems.Draw(plan, spec, total, rng);
        int? difficulty = SymptomItems.Difficulty(plan, spec, total, rng);
        var loincItems = phq9 ? Loinc.Phq9Items : Loinc.Gad7Items;

        var items = new List<QrItem>(values.Length + 2);
        for (int i = 0; i < values.Length; i++)
        {
            items.Add(new QrItem("/" + loincItems[i].Code, SymptomResponseBuilder.Answer(spec, i, values[i]), loincItems[i].Text));
        }

        if (phq9 && difficulty is int level)
        {
            var coding = Loinc.DifficultyAnswer(level);
            items.Add(new QrItem(
                "/" + Loinc.Phq9Difficulty,
                QrAnswer.Coding(CanonicalUrls.Loinc, coding.Code, coding.Display),
                Loinc.DifficultyText));
        }

        items.Add(new QrItem(
            "/" + (phq9 ? Loinc.Phq9Total : Loinc.Gad7Total),
            QrAnswer.Integer(values.Sum()),
            phq9 ? Loinc.Phq9TotalDisplay : Loinc.Gad7TotalDisplay));

        var document = new QrDocument(
            ResponseIds.For(plan, spec.Id, session),
            CanonicalUrls.LoincQuestionnairePrefix + (phq9 ? Loinc.Phq9Panel : Loinc.Gad7Panel),
            "completed",
            plan.Reference,
            session.Time.AddMinutes(-rng.Next(5, 30)).AddSeconds(rng.Next(0, 60)),
            Author: null,
            items);
        return new GeneratedResponse(document, spec.Id, LhcShape: true, MissingItems: 0, ItemNinePositive: phq9 && values[8] > 0);
    }
}
