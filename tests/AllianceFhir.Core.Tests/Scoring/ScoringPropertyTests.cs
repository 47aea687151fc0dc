using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Scoring;

/// <summary>
/// Properties that hold for every response, not just the golden vectors: totals stay inside the published ranges
/// (PHQ-9 0–27, Kroenke 2001; SRS 0–40, Duncan 2003), item order does not matter, proration stays within what the
/// answered items allow, and the WAI-SR total is the sum of its three subscales (Hatcher &amp; Gillaspy 2006).
/// </summary>
public class ScoringPropertyTests
{
    private static readonly Gen<int[]> Phq9Answers = Gen.Choose(0, 3).ArrayOf(9);

    private static readonly Gen<int[]> WaiSrAnswers = Gen.Choose(1, 5).ArrayOf(12);

    [Property]
    public Property Score_WhenPhq9Complete_ThenTotalIn0To27AndEqualsSumOfOrdinals() =>
        Prop.ForAll(Phq9Answers.ToArbitrary(), answers =>
        {
            var result = TestCatalogue.Score(Responses.Phq9(answers.Select(a => (int?)a).ToArray()));
            var total = result.Total?.Value;
            return (!result.IsRejected && total == answers.Sum() && total is >= 0 and <= 27 && result.Total!.Prorated == false)
                .Label($"answers [{string.Join(",", answers)}] -> total {total}");
        });

    [Property]
    public Property Score_WhenPhq9ItemsPermuted_ThenEveryScoreAndSafetyUnchanged() =>
        Prop.ForAll(Phq9Answers.ToArbitrary(), Gen.Shuffle(Enumerable.Range(0, 9)).ToArbitrary(), (answers, order) =>
        {
            var inOrder = Responses.Phq9(answers.Select(a => (int?)a).ToArray());
            var permuted = Permute(Responses.Phq9(answers.Select(a => (int?)a).ToArray()), order);
            return SameScores(TestCatalogue.Score(inOrder), TestCatalogue.Score(permuted))
                .Label($"answers [{string.Join(",", answers)}], order [{string.Join(",", order)}]");
        });

    [Property]
    public Property Score_WhenWaiSrItemsPermuted_ThenTotalAndSubscalesUnchanged() =>
        Prop.ForAll(WaiSrAnswers.ToArbitrary(), Gen.Shuffle(Enumerable.Range(0, 12)).ToArbitrary(), (answers, order) =>
        {
            var inOrder = Responses.WaiSr(answers.Select(a => (int?)a).ToArray());
            var permuted = Permute(Responses.WaiSr(answers.Select(a => (int?)a).ToArray()), order);
            return SameScores(TestCatalogue.Score(inOrder), TestCatalogue.Score(permuted))
                .Label($"answers [{string.Join(",", answers)}], order [{string.Join(",", order)}]");
        });

    [Property]
    public Property Score_WhenExactlyOnePhq9ItemMissing_ThenProratedTotalBetweenAnsweredSumAndAnsweredSumPlus3() =>
        Prop.ForAll(Phq9Answers.ToArbitrary(), Gen.Choose(0, 8).ToArbitrary(), (answers, skipped) =>
        {
            // The skipped item scores 0..3, so the true total lies in [answered sum, answered sum + 3]; mean x 9 must too.
            var withGap = answers.Select((a, i) => i == skipped ? (int?)null : a).ToArray();
            var answeredSum = answers.Where((_, i) => i != skipped).Sum();
            var result = TestCatalogue.Score(Responses.Phq9(withGap));
            var total = result.Total?.Value;
            return (total is { } t && result.Total!.Prorated && t >= answeredSum && t <= answeredSum + 3 && t is >= 0 and <= 27)
                .Label($"answers [{string.Join(",", withGap)}], answered sum {answeredSum} -> prorated {total}");
        });

    [Property]
    public Property Score_WhenWaiSrComplete_ThenTotalEqualsGoalPlusTaskPlusBond() =>
        Prop.ForAll(WaiSrAnswers.ToArbitrary(), answers =>
        {
            var result = TestCatalogue.Score(Responses.WaiSr(answers.Select(a => (int?)a).ToArray()));
            decimal Scale(string key) => result.Scores.Single(s => s.Scale.Key == key).Value;
            var total = result.Total!.Value;
            return (total == Scale("goal") + Scale("task") + Scale("bond") && total is >= 12 and <= 60)
                .Label($"answers [{string.Join(",", answers)}]");
        });

    [Property]
    public Property Score_WhenSrsMarksAnywhereOnTheLine_ThenTotalIn0To40AndEqualsTheirSum() =>
        // Marks 0.0..10.0 in tenths of a centimetre.
        Prop.ForAll(Gen.Choose(0, 100).Select(t => t / 10m).ArrayOf(4).ToArbitrary(), marks =>
        {
            var result = TestCatalogue.Score(Responses.Srs(marks.Select(m => (decimal?)m).ToArray()));
            var total = result.Total?.Value;
            return (!result.IsRejected && total == marks.Sum() && total is >= 0 and <= 40)
                .Label($"marks [{string.Join(",", marks)}] -> total {total}");
        });

    private static QuestionnaireResponse Permute(QuestionnaireResponse response, int[] order)
    {
        var items = response.Item.ToList();
        response.Item = order.Select(i => items[i]).ToList();
        return response;
    }

    private static bool SameScores(ScoringResult a, ScoringResult b) =>
        a.IsRejected == b.IsRejected
        && a.Scores.Count == b.Scores.Count
        && a.Scores.All(s => b.Scores.Any(t => t.Scale.Key == s.Scale.Key && t.Value == s.Value && t.Band == s.Band && t.Prorated == s.Prorated))
        && a.Safety?.Status == b.Safety?.Status
        && a.Safety?.Ordinal == b.Safety?.Ordinal;
}
