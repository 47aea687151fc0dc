using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Pipeline;
using AllianceFhir.Core.Tests.Catalogue;
using AllianceFhir.Core.Trajectories;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Resources;

/// <summary>A small cohort run through the whole engine, so every builder's output can be checked.</summary>
internal static class BuiltResources
{
    private const string Loinc = "http://loinc.org";
    private static readonly string[] La = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"];

    public static QuestionnaireResponse Phq9(string id, string patient, DateTimeOffset when, params int?[] answers) =>
        Response(id, patient, when, "phq-9", answers.Select((a, i) => a is null ? null : new QuestionnaireResponse.ItemComponent
        {
            LinkId = (i + 1).ToString(),
            Answer = [new QuestionnaireResponse.AnswerComponent { Value = new Coding(Loinc, La[a.Value]) }],
        }));

    public static QuestionnaireResponse WaiSr(string id, string patient, DateTimeOffset when, int rating) =>
        Response(id, patient, when, "wai-sr", Enumerable.Range(1, 12).Select(i => new QuestionnaireResponse.ItemComponent
        {
            LinkId = i.ToString(),
            Answer = [new QuestionnaireResponse.AnswerComponent { Value = new Coding("https://alliancefhir.org/fhir/CodeSystem/answer-scales", $"wai-sr-{rating}") }],
        }));

    private static QuestionnaireResponse Response(string id, string patient, DateTimeOffset when, string instrument, IEnumerable<QuestionnaireResponse.ItemComponent?> items) => new()
    {
        Id = id,
        Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
        Questionnaire = $"https://alliancefhir.org/fhir/Questionnaire/{instrument}",
        Subject = new ResourceReference($"Patient/{patient}"),
        Author = new ResourceReference("Practitioner/pr-1"),
        AuthoredElement = new FhirDateTime(when),
        Item = items.OfType<QuestionnaireResponse.ItemComponent>().ToList(),
    };

    /// <summary>
    /// Patient p1: PHQ-9 from 20 down to 8, item 9 positive at intake, one prorated response; WAI-SR 5,5,5,5,2,2
    /// (an unrepaired rupture). Patient p2: PHQ-9 flat at 18 over five sessions (not on track).
    /// </summary>
    public static (List<ResponseOutcome> Responses, List<SeriesOutcome> Series) Run()
    {
        var run = new ScoringRun(ProfileFiles.Catalogue, new TrajectorySettings());
        var start = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        var responses = new List<ResponseOutcome>
        {
            run.AddResponse(Phq9("r1", "p1", start, 3, 3, 2, 2, 2, 2, 2, 2, 2)),
            run.AddResponse(Phq9("r2", "p1", start.AddDays(7), 2, 2, 2, 2, 2, 2, 2, null, 0)),
            run.AddResponse(Phq9("r3", "p1", start.AddDays(14), 1, 1, 1, 1, 1, 1, 1, 1, 0)),
        };
        int[] wai = [5, 5, 5, 5, 2, 2];
        for (var s = 0; s < wai.Length; s++) responses.Add(run.AddResponse(WaiSr($"w{s}", "p1", start.AddDays(7 * s).AddHours(1), wai[s])));
        for (var s = 0; s < 5; s++) responses.Add(run.AddResponse(Phq9($"f{s}", "p2", start.AddDays(7 * s), 2, 2, 2, 2, 2, 2, 2, 2, 0)));
        return (responses, run.Complete().SelectMany(p => p.Series).ToList());
    }

    public static IEnumerable<Resource> All(AlertChannel channel)
    {
        var (responses, series) = Run();
        foreach (var r in responses)
        {
            foreach (var o in r.Scores) yield return o;
            if (r.SafetyAlert is { } alert) yield return Core.Resources.AlertResourceBuilder.Build(alert, channel);
        }
        foreach (var s in series)
        {
            foreach (var o in s.Observations) yield return o;
            foreach (var a in s.Alerts) yield return Core.Resources.AlertResourceBuilder.Build(a, channel);
        }
    }
}
