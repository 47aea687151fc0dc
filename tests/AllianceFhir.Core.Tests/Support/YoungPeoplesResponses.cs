using System.Globalization;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Support;

/// <summary>
/// Responses to the young people's pack (profiles/Questionnaire-{phq-a,rcads-25,rcads-p-25,yp-core,cors,csrs}.json) the way a
/// form submits them: one item per answered question, null leaves the item out.
/// </summary>
public static class YoungPeoplesResponses
{
    public const string PhqAUrl = "https://alliancefhir.org/fhir/Questionnaire/phq-a";
    public const string Rcads25Url = "https://alliancefhir.org/fhir/Questionnaire/rcads-25";
    public const string RcadsP25Url = "https://alliancefhir.org/fhir/Questionnaire/rcads-p-25";
    public const string YpCoreUrl = "https://alliancefhir.org/fhir/Questionnaire/yp-core";
    public const string CorsUrl = "https://alliancefhir.org/fhir/Questionnaire/cors";
    public const string CsrsUrl = "https://alliancefhir.org/fhir/Questionnaire/csrs";

    /// <summary>LOINC LA32-8 "No" / LA33-6 "Yes".</summary>
    public static Coding YesNo(bool yes) => yes ? new Coding(Responses.Loinc, "LA33-6", "Yes") : new Coding(Responses.Loinc, "LA32-8", "No");

    /// <summary>PHQ-A items 1..9 answered 0..3 (the PHQ-9's LOINC answers); items 10..13 are added with <see cref="Responses.WithItem"/>.</summary>
    public static QuestionnaireResponse PhqA(params int?[] answers) =>
        Coded(PhqAUrl, 9, answers, a => Responses.Frequency(a));

    /// <summary>RCADS-25 / RCADS-P-25: 25 answers 0..3 (answer-scales rcads-0..3).</summary>
    public static QuestionnaireResponse Rcads(string url, params int?[] answers) =>
        Coded(url, 25, answers, a => new Coding(Responses.AnswerScales, $"rcads-{a}"));

    /// <summary>YP-CORE: ten response positions 1..5, left to right on the form (answer-scales yp-core-1..5).</summary>
    public static QuestionnaireResponse YpCore(params int?[] positions) =>
        Coded(YpCoreUrl, 10, positions, p => new Coding(Responses.AnswerScales, $"yp-core-{p}"));

    /// <summary>CORS or CSRS: four visual-analogue marks 0..10 as valueDecimal.</summary>
    public static QuestionnaireResponse VisualAnalogue(string url, params decimal?[] marks) =>
        Responses.New(url, marks.Select((m, i) => ((i + 1).ToString(CultureInfo.InvariantCulture), m is null ? null : (DataType)new FhirDecimal(m))));

    private static QuestionnaireResponse Coded(string url, int count, int?[] answers, Func<int, Coding> coding)
    {
        if (answers.Length != count) throw new ArgumentException($"{url} has {count} scored items, got {answers.Length}", nameof(answers));
        return Responses.New(url, answers.Select((a, i) =>
            ((i + 1).ToString(CultureInfo.InvariantCulture), a is null ? null : (DataType)coding(a.Value))));
    }
}
