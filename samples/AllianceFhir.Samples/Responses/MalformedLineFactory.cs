using System.Globalization;
using AllianceFhir.Samples.Catalogue;
using AllianceFhir.Samples.Fhir;
using AllianceFhir.Samples.Planning;
using CanonicalUrls = AllianceFhir.Core.Catalogue.CanonicalUrls;

namespace AllianceFhir.Samples.Responses;

/// <summary>
/// One line of each <see cref="MalformedKind"/>, spread evenly through the cohort. Each names an existing
/// patient; QuestionnaireResponse ids end in -x{n}. Only the InvalidWithItemNine line has item 9 above 0.
/// </summary>
internal static class MalformedLineFactory
{
    public static IReadOnlyList<MalformedLine> Create(CohortOptions options)
    {
        var kinds = Enum.GetValues<MalformedKind>();
        var rng = new Random(SeedMixer.For(options.Seed, SeedMixer.MalformedStream, 0));
        var lines = new List<MalformedLine>(kinds.Length);
        for (int k = 0; k < kinds.Length; k++)
        {
            int position = (int)((long)(k + 1) * options.Patients / (kinds.Length + 1));
            var context = new Context(
                PatientIds.ForIndex(Math.Clamp(position, 0, Math.Max(options.Patients - 1, 0))),
                "x" + (k + 1).ToString(CultureInfo.InvariantCulture),
                options.StartOrDefault.AddDays((9 * k) + rng.Next(0, 5)).AddMinutes(rng.Next(0, 480)).AddSeconds(rng.Next(0, 60)),
                rng);
            lines.Add(Build(kinds[k], position, context));
        }

        return lines;
    }

    private static MalformedLine Build(MalformedKind kind, int position, Context c) => kind switch
    {
        MalformedKind.BrokenJson => Raw(kind, position, BrokenJson(c)),
        MalformedKind.NotFhir => Raw(kind, position, NotFhir(c)),
        MalformedKind.InProgress => Doc(kind, position, c.Document(Instruments.Phq9, c.Symptom(Instruments.Phq9, 5)) with { Status = "in-progress" }),
        MalformedKind.NoSubject => Doc(kind, position, c.Document(Instruments.Gad7, c.Symptom(Instruments.Gad7, 7)) with { Subject = null, Author = null }),
        MalformedKind.UnknownLinkId => Doc(kind, position, c.Document(
            Instruments.Phq9,
            [.. c.Symptom(Instruments.Phq9, 9), new QrItem("99", SymptomResponseBuilder.Answer(Instruments.Phq9, 0, 1))])),
        MalformedKind.AnswerOutOfRange => Doc(kind, position, c.Document(Instruments.WaiSr, OutOfRange(c))),
        MalformedKind.DuplicateItem => Doc(kind, position, c.Document(Instruments.Gad7, Duplicated(c))),
        MalformedKind.UnknownQuestionnaire => Doc(kind, position, UnknownQuestionnaire(c)),
        _ => new MalformedLine(kind, position, ItemNineWithComment(c), null, ItemNinePositive: true),
    };

    private static MalformedLine Raw(MalformedKind kind, int position, string raw) => new(kind, position, null, raw, false);

    private static MalformedLine Doc(MalformedKind kind, int position, QrDocument document) => new(kind, position, document, null, false);

    /// <summary>A PHQ-9 line cut off mid-answer, as from an interrupted export.</summary>
    private static string BrokenJson(Context c) =>
        "{\"resourceType\":\"QuestionnaireResponse\",\"id\":\"" + ResponseIds.For(c.PatientId, Instruments.Phq9.Id, c.Suffix)
        + "\",\"questionnaire\":\"" + Instruments.Phq9.Canonical
        + "\",\"status\":\"completed\",\"subject\":{\"reference\":\"Patient/" + c.PatientId
        + "\"},\"authored\":\"" + FhirFormat.DateTime(c.Authored)
        + "\",\"item\":[{\"linkId\":\"1\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA65";

    /// <summary>Valid JSON from some other export, with no resourceType.</summary>
    private static string NotFhir(Context c) =>
        "{\"patientId\":\"" + c.PatientId + "\",\"form\":\"PHQ-9\",\"score\":"
        + c.Rng.Next(5, 20).ToString(CultureInfo.InvariantCulture)
        + ",\"completedAt\":\"" + FhirFormat.DateTime(c.Authored) + "\"}";

    /// <summary>WAI-SR with one answer coded wai-sr-7 (the scale stops at 5).</summary>
    private static List<QrItem> OutOfRange(Context c)
    {
        var items = AllianceResponseBuilder.OrdinalItems(Instruments.WaiSr, c.Rng.Uniform(0.6, 0.95), c.Rng);
        items[4] = items[4] with { Answer = AllianceResponseBuilder.OrdinalAnswer(Instruments.WaiSr, 7) };
        return items;
    }

    /// <summary>GAD-7 with linkId "3" answered twice.</summary>
    private static List<QrItem> Duplicated(Context c)
    {
        var items = c.Symptom(Instruments.Gad7, 7);
        items.Insert(3, new QrItem("3", SymptomResponseBuilder.Answer(Instruments.Gad7, 2, 3)));
        return items;
    }

    /// <summary>A K10-like form on our canonical base that the catalogue does not hold.</summary>
    private static QrDocument UnknownQuestionnaire(Context c)
    {
        var items = new List<QrItem>(10);
        for (int i = 1; i <= 10; i++)
        {
            string code = "k10-" + c.Rng.Next(1, 6).ToString(CultureInfo.InvariantCulture);
            items.Add(new QrItem(SymptomResponseBuilder.LinkId(i), QrAnswer.Coding(CanonicalUrls.AnswerScalesCodeSystem, code)));
        }

        return c.Document(Instruments.Phq9, items) with
        {
            Id = ResponseIds.For(c.PatientId, "k10", c.Suffix),
            Questionnaire = FhirUrls.QuestionnaireBase + "k10",
        };
    }

    /// <summary>PHQ-9 with item 9 "Nearly every day" and an extra unknown linkId "comment".</summary>
    private static QrDocument ItemNineWithComment(Context c)
    {
        var values = ScoreSplitter.Split(c.Rng.Next(12, 20), 8, 0, 3, c.Rng);
        var items = new List<QrItem>(10);
        for (int i = 0; i < 8; i++)
        {
            items.Add(new QrItem(SymptomResponseBuilder.LinkId(i + 1), SymptomResponseBuilder.Answer(Instruments.Phq9, i, values[i])));
        }

        items.Add(new QrItem("9", SymptomResponseBuilder.Answer(Instruments.Phq9, 8, 3)));
        items.Add(new QrItem("comment", QrAnswer.String("Client said this week has been very hard")));
        return c.Document(Instruments.Phq9, items);
    }

    /// <summary>What every malformed line of one position shares.</summary>
    private sealed record Context(string PatientId, string Suffix, DateTimeOffset Authored, Random Rng)
    {
        /// <summary>The first <paramref name="count"/> items of a PHQ-9 / GAD-7, item 9 always 0.</summary>
        public List<QrItem> Symptom(InstrumentSpec spec, int count)
        {
            var values = ScoreSplitter.Split(Rng.Next(4, 16), spec.ItemCount, 0, 3, Rng);
            if (spec == Instruments.Phq9)
            {
                values[8] = 0;
            }

            var items = new List<QrItem>(count);
            for (int i = 0; i < count; i++)
            {
                items.Add(new QrItem(SymptomResponseBuilder.LinkId(i + 1), SymptomResponseBuilder.Answer(spec, i, values[i])));
            }

            return items;
        }

        public QrDocument Document(InstrumentSpec spec, List<QrItem> items) => new(
            ResponseIds.For(PatientId, spec.Id, Suffix),
            spec.Canonical,
            "completed",
            "Patient/" + PatientId,
            Authored,
            "Patient/" + PatientId,
            items);
    }
}
