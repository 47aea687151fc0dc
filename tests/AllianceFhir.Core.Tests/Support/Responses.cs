using System.Globalization;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Support;

/// <summary>
/// Builds QuestionnaireResponses the way a form would submit them: status completed, a subject, an authored time,
/// and one item per answered question. A null answer leaves the item out (a skipped question). Codes and linkIds
/// are those of profiles/Questionnaire-*.json.
/// </summary>
public static class Responses
{
    public const string Phq9Url = "https://alliancefhir.org/fhir/Questionnaire/phq-9";
    public const string Gad7Url = "https://alliancefhir.org/fhir/Questionnaire/gad-7";
    public const string WaiSrUrl = "https://alliancefhir.org/fhir/Questionnaire/wai-sr";
    public const string SrsUrl = "https://alliancefhir.org/fhir/Questionnaire/srs";
    public const string SaiUrl = "https://alliancefhir.org/fhir/Questionnaire/sai";
    public const string DWaiUrl = "https://alliancefhir.org/fhir/Questionnaire/d-wai";
    /// <summary>LHC-Forms renders the LOINC PHQ-9 panel 44249-1 under this canonical.</summary>
    public const string Phq9LoincFormUrl = "http://loinc.org/q/44249-1";

    public const string Loinc = "http://loinc.org";
    public const string AnswerScales = "https://alliancefhir.org/fhir/CodeSystem/answer-scales";
    public const string DefaultPatient = "Patient/p1";

    public static readonly DateTimeOffset DefaultAuthored = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    /// <summary>PHQ-9 item codes 1..9 in order (docs/domain.md §2, verified against US Core / LHC-Forms exports).</summary>
    public static readonly string[] Phq9ItemCodes =
        ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"];

    private static int _next;

    /// <summary>LOINC answer list LL358-3: 0 Not at all, 1 Several days, 2 More than half the days, 3 Nearly every day.</summary>
    public static Coding Frequency(int ordinal) => ordinal switch
    {
        0 => new Coding(Loinc, "LA6568-5", "Not at all"),
        1 => new Coding(Loinc, "LA6569-3", "Several days"),
        2 => new Coding(Loinc, "LA6570-1", "More than half the days"),
        3 => new Coding(Loinc, "LA6571-9", "Nearly every day"),
        _ => throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, "PHQ/GAD answers are 0..3"),
    };

    /// <summary>PHQ-9 on our form: nine answers 0..3 for linkIds "1".."9" (null = skipped).</summary>
    public static QuestionnaireResponse Phq9(params int?[] answers) =>
        Coded(Phq9Url, 9, answers, (_, a) => Frequency(a));

    /// <summary>GAD-7 on our form: seven answers 0..3; item 2 uses its own code LA18938-3 "More days than not" for 2.</summary>
    public static QuestionnaireResponse Gad7(params int?[] answers) =>
        Coded(Gad7Url, 7, answers, (linkId, a) => linkId == "2" && a == 2 ? new Coding(Loinc, "LA18938-3", "More days than not") : Frequency(a));

    /// <summary>WAI-SR: twelve answers 1..5 (answer-scales wai-sr-1..5).</summary>
    public static QuestionnaireResponse WaiSr(params int?[] answers) =>
        Coded(WaiSrUrl, 12, answers, (_, a) => new Coding(AnswerScales, $"wai-sr-{a}"));

    /// <summary>SAI: six answers 1..7 (answer-scales sai-1..7).</summary>
    public static QuestionnaireResponse Sai(params int?[] answers) =>
        Coded(SaiUrl, 6, answers, (_, a) => new Coding(AnswerScales, $"sai-{a}"));

    /// <summary>D-WAI: six answers 1..5 (answer-scales d-wai-1..5).</summary>
    public static QuestionnaireResponse DWai(params int?[] answers) =>
        Coded(DWaiUrl, 6, answers, (_, a) => new Coding(AnswerScales, $"d-wai-{a}"));

    /// <summary>SRS: four visual-analogue marks 0..10 as valueDecimal.</summary>
    public static QuestionnaireResponse Srs(params decimal?[] answers)
    {
        if (answers.Length != 4) throw new ArgumentException("SRS has 4 items", nameof(answers));
        return New(SrsUrl, answers.Select((a, i) => ((i + 1).ToString(CultureInfo.InvariantCulture), a is null ? null : (DataType)new FhirDecimal(a))));
    }

    /// <summary>
    /// PHQ-9 as LHC-Forms submits the LOINC form: questionnaire http://loinc.org/q/44249-1, linkIds "/44250-9" ...,
    /// and bare LOINC answer codings with no ordinalValue extension.
    /// </summary>
    public static QuestionnaireResponse Phq9LoincForm(params int?[] answers)
    {
        if (answers.Length != 9) throw new ArgumentException("PHQ-9 has 9 scored items", nameof(answers));
        return New(Phq9LoincFormUrl, answers.Select((a, i) => ("/" + Phq9ItemCodes[i], a is null ? null : (DataType)Frequency(a.Value))));
    }

    /// <summary>A completed response with the given (linkId, answer) items; items whose answer is null are left out.</summary>
    public static QuestionnaireResponse New(string questionnaire, IEnumerable<(string LinkId, DataType? Value)> items)
    {
        var response = new QuestionnaireResponse
        {
            Id = $"qr-{Interlocked.Increment(ref _next)}",
            Questionnaire = questionnaire,
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            Subject = new ResourceReference(DefaultPatient),
            AuthoredElement = new FhirDateTime(DefaultAuthored),
        };
        foreach (var (linkId, value) in items)
            if (value is not null) response.WithItem(linkId, value);
        return response;
    }

    /// <summary>Appends an item with the given answers (none: an item present but unanswered).</summary>
    public static QuestionnaireResponse WithItem(this QuestionnaireResponse response, string linkId, params DataType[] answers)
    {
        response.Item.Add(new QuestionnaireResponse.ItemComponent
        {
            LinkId = linkId,
            Answer = answers.Select(a => new QuestionnaireResponse.AnswerComponent { Value = a }).ToList(),
        });
        return response;
    }

    /// <summary>Replaces the answers of an existing item.</summary>
    public static QuestionnaireResponse WithAnswer(this QuestionnaireResponse response, string linkId, params DataType[] answers)
    {
        response.Item.Single(i => i.LinkId == linkId).Answer =
            answers.Select(a => new QuestionnaireResponse.AnswerComponent { Value = a }).ToList();
        return response;
    }

    public static QuestionnaireResponse At(this QuestionnaireResponse response, DateTimeOffset authored)
    {
        response.AuthoredElement = new FhirDateTime(authored);
        return response;
    }

    public static QuestionnaireResponse WithId(this QuestionnaireResponse response, string id)
    {
        response.Id = id;
        return response;
    }

    private static QuestionnaireResponse Coded(string url, int count, int?[] answers, Func<string, int, Coding> coding)
    {
        if (answers.Length != count) throw new ArgumentException($"{url} has {count} scored items, got {answers.Length}", nameof(answers));
        return New(url, answers.Select((a, i) =>
        {
            var linkId = (i + 1).ToString(CultureInfo.InvariantCulture);
            return (linkId, a is null ? null : (DataType)coding(linkId, a.Value));
        }));
    }
}
