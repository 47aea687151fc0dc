using AllianceFhir.Samples.Catalogue;
using AllianceFhir.Samples.Fhir;
using AllianceFhir.Samples.Responses;
using CanonicalUrls = AllianceFhir.Core.Catalogue.CanonicalUrls;

namespace AllianceFhir.Samples;

/// <summary>
/// The score bench's input (issue 12): PHQ-9 and GAD-7 responses on LOINC's forms as LHC-Forms writes them
/// (questionnaire http://loinc.org/q/{panel}, linkIds "/{item code}", LOINC answers without ordinalValue, the item
/// text, the PHQ-9 difficulty item and the total as valueInteger; the same shape as the cohort's LHC-Forms lines),
/// <see cref="PerPatient"/> per patient, alternating PHQ-9 and GAD-7 weekly. Deterministic for a seed.
/// </summary>
public static class LoincFormResponses
{
    /// <summary>Ten responses per patient (five PHQ-9, five GAD-7), as issue 12's bench defines its input.</summary>
    public const int PerPatient = 10;

    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Writes <paramref name="patients"/> × <see cref="PerPatient"/> lines; returns how many.</summary>
    public static long Write(int patients, TextWriter writer, int seed = 20261206)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patients);
        using var lines = new NdjsonWriter(writer);
        var rng = new Random(seed);
        for (var p = 1; p <= patients; p++)
        {
            var patient = $"pat-{p:D7}";
            var severity = rng.Next(0, 4); // each patient's usual answer level, so totals vary between patients
            for (var n = 0; n < PerPatient; n++)
            {
                var phq9 = n % 2 == 0;
                var week = n / 2;
                var authored = Start.AddDays(7 * week + p % 7).AddMinutes(rng.Next(0, 600)).AddSeconds(rng.Next(0, 60));
                lines.Write(Document(patient, phq9, week, authored, severity, rng), QuestionnaireResponseJson.Write);
            }
        }
        return lines.Lines;
    }

    private static QrDocument Document(string patient, bool phq9, int week, DateTimeOffset authored, int severity, Random rng)
    {
        var loincItems = phq9 ? Loinc.Phq9Items : Loinc.Gad7Items;
        var items = new List<QrItem>(loincItems.Count + 2);
        var total = 0;
        for (var i = 0; i < loincItems.Count; i++)
        {
            // Item 9 is mostly 0, so a few responses raise a safety alert, as in practice.
            var value = phq9 && i == 8 ? (rng.Next(0, 20) == 0 ? 1 : 0) : Math.Clamp(severity + rng.Next(-1, 2), 0, 3);
            total += value;
            var answer = Loinc.FrequencyAnswer(value, gad7ItemTwo: !phq9 && i == 1);
            items.Add(new QrItem("/" + loincItems[i].Code, QrAnswer.Coding(CanonicalUrls.Loinc, answer.Code, answer.Display), loincItems[i].Text));
        }
        if (phq9)
        {
            var difficulty = Loinc.DifficultyAnswer(Math.Min(3, total / 7));
            items.Add(new QrItem("/" + Loinc.Phq9Difficulty, QrAnswer.Coding(CanonicalUrls.Loinc, difficulty.Code, difficulty.Display), Loinc.DifficultyText));
        }
        items.Add(new QrItem("/" + (phq9 ? Loinc.Phq9Total : Loinc.Gad7Total), QrAnswer.Integer(total),
            phq9 ? Loinc.Phq9TotalDisplay : Loinc.Gad7TotalDisplay));
        var id = ResponseIds.For(patient, phq9 ? "phq-9" : "gad-7", $"{week + 1:D2}");
        return new QrDocument(id, CanonicalUrls.LoincQuestionnairePrefix + (phq9 ? Loinc.Phq9Panel : Loinc.Gad7Panel), "completed",
            $"Patient/{patient}", authored, Author: null, items);
    }
}
