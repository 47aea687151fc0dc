using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Tests.Support;
using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Core.Tests.Trajectories;

/// <summary>
/// Outcome rules on a patient's series (docs/domain.md §3). NHS Talking Therapies Manual: caseness PHQ-9 ≥ 10, GAD-7 ≥ 8;
/// reliable change PHQ-9 ≥ 6, GAD-7 ≥ 4; recovery = a case at the first measure and not at the last; reliable recovery =
/// recovery + reliable improvement. Jacobson &amp; Truax 1991: reliable when |Δ| &gt; 1.96·SD·√2·√(1−r). Response ≥ 50%
/// reduction; remission PHQ-9 &lt; 5 (CMS159 / Kroenke 2001). Sessions are a week apart unless said otherwise.
/// </summary>
public class TrajectoryCalculatorTests
{
    public static TheoryData<ReliableChangeMethod> Methods => [ReliableChangeMethod.FixedThreshold, ReliableChangeMethod.JacobsonTruax];

    [Theory]
    [MemberData(nameof(Methods))]
    public void Calculate_WhenPhq9From18To9_ThenReliableRecoveryAndResponse(ReliableChangeMethod method)
    {
        // Δ = 9 − 18 = −9: improvement 9 ≥ 6 (NHS TT) and 9 > 5.24 (J–T) -> reliable improvement.
        // Baseline 18 ≥ 10 is a case; latest 9 < 10 is not -> recovery; + reliable improvement -> reliable recovery.
        // Response: 18 − 9 = 9 ≥ 0.5 × 18 = 9 -> yes (exactly 50%). Remission: 9 < 5? no.
        var t = Calculate(TestCatalogue.Phq9, method, 18, 9);

        Assert.Equal(-9m, t.Change);
        Assert.Equal(9m, t.Improvement);
        Assert.True(t.ReliableImprovement);
        Assert.False(t.ReliableDeterioration);
        Assert.True(t.CasenessAtBaseline);
        Assert.False(t.CasenessAtLatest);
        Assert.True(t.Recovery);
        Assert.True(t.ReliableRecovery);
        Assert.True(t.Response);
        Assert.False(t.Remission);
        Assert.Equal(TrajectoryStatus.ReliableRecovery, t.Status);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Calculate_WhenPhq9From18To13_ThenNoReliableChange(ReliableChangeMethod method)
    {
        // Improvement 5: 5 < 6 (NHS TT) and 5 ≤ 5.24 (J–T) -> not reliable. 13 ≥ 10 is still a case -> no recovery.
        // Response: 18 − 13 = 5 < 9 -> no.
        var t = Calculate(TestCatalogue.Phq9, method, 18, 13);

        Assert.False(t.ReliableImprovement);
        Assert.False(t.ReliableDeterioration);
        Assert.False(t.Recovery);
        Assert.False(t.ReliableRecovery);
        Assert.False(t.Response);
        Assert.Equal(TrajectoryStatus.NoReliableChange, t.Status);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Calculate_WhenPhq9From12To18_ThenReliableDeterioration(ReliableChangeMethod method)
    {
        // Δ = +6 on a higher-is-worse scale: worse by 6 ≥ 6 (NHS TT) and 6 > 5.24 (J–T) -> reliable deterioration.
        var t = Calculate(TestCatalogue.Phq9, method, 12, 18);

        Assert.Equal(6m, t.Change);
        Assert.Equal(-6m, t.Improvement);
        Assert.True(t.ReliableDeterioration);
        Assert.False(t.ReliableImprovement);
        Assert.False(t.Recovery);
        Assert.False(t.Response);
        Assert.Equal(TrajectoryStatus.ReliableDeterioration, t.Status);
    }

    [Fact]
    public void Calculate_WhenPhq9From9To4_ThenNoRecoveryAndNoRemissionBecauseNotACase()
    {
        // Baseline 9 < 10: not a case at the first measure, so there is nothing to recover from (NHS TT),
        // and CMS159 counts remission only when the index PHQ-9 is > 9: remission does not apply (null).
        // Improvement 5 < 6 -> not reliable. Response: 9 − 4 = 5 ≥ 4.5 -> yes.
        var t = Calculate(TestCatalogue.Phq9, ReliableChangeMethod.FixedThreshold, 9, 4);

        Assert.False(t.CasenessAtBaseline);
        Assert.False(t.Recovery);
        Assert.False(t.ReliableRecovery);
        Assert.Null(t.Remission);
        Assert.False(t.ReliableImprovement);
        Assert.True(t.Response);
        Assert.Equal(TrajectoryStatus.NoReliableChange, t.Status);
    }

    [Fact]
    public void Calculate_WhenPhq9EndsAt5_ThenNotRemission()
    {
        // Remission is PHQ-9 < 5: a latest score of exactly 5 ("mild") is not remission.
        var t = Calculate(TestCatalogue.Phq9, ReliableChangeMethod.FixedThreshold, 15, 5);

        Assert.False(t.Remission);
        Assert.Equal(TrajectoryStatus.ReliableRecovery, t.Status);
    }

    [Fact]
    public void Calculate_WhenGad7From8To7_ThenRecoveredButNotReliably()
    {
        // GAD-7 caseness ≥ 8: 8 is a case, 7 is not -> recovery. Improvement 1 < 4 -> not reliable -> "Recovered" only.
        var t = Calculate(TestCatalogue.Gad7, ReliableChangeMethod.FixedThreshold, 8, 7);

        Assert.True(t.CasenessAtBaseline);
        Assert.False(t.CasenessAtLatest);
        Assert.True(t.Recovery);
        Assert.False(t.ReliableRecovery);
        Assert.Equal(TrajectoryStatus.Recovered, t.Status);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Calculate_WhenGad7From7To3_ThenReliableImprovementWithoutRecovery(ReliableChangeMethod method)
    {
        // 7 < 8: not a case at baseline -> no recovery. Improvement 4 ≥ 4 (NHS TT) and 4 > 3.7632 (J–T) -> reliable.
        var t = Calculate(TestCatalogue.Gad7, method, 7, 3);

        Assert.False(t.CasenessAtBaseline);
        Assert.False(t.Recovery);
        Assert.True(t.ReliableImprovement);
        Assert.Equal(TrajectoryStatus.ReliableImprovement, t.Status);
    }

    [Fact]
    public void Calculate_WhenJacobsonTruaxOnPhq9_ThenThresholdIs1Point96TimesSdiffFromTheProfile()
    {
        // Profile inputs: SD 5.7 (unverified default), r .89 (Kroenke 2001 Cronbach alpha).
        // S_diff = SD·√2·√(1−r) = 5.7 × √(2 × 0.11) = 5.7 × √0.22 = 5.7 × 0.469042 = 2.673537
        // 1.96 × S_diff = 1.96 × 2.673537 = 5.240132 -> 5.2401
        var criterion = TestCatalogue.Phq9.FindReliableChange("total")!;
        Assert.Equal(5.7m, criterion.StandardDeviation);
        Assert.Equal(0.89m, criterion.Reliability);

        var t = Calculate(TestCatalogue.Phq9, ReliableChangeMethod.JacobsonTruax, 18, 13);

        Assert.Equal(5.2401m, Math.Round(t.ReliableChangeThreshold!.Value, 4));
    }

    [Fact]
    public void Calculate_WhenJacobsonTruaxOnGad7_ThenThresholdIs3Point7632()
    {
        // Profile inputs: SD 4.8 (unverified default), r .92 (Spitzer 2006 Cronbach alpha).
        // S_diff = 4.8 × √(2 × 0.08) = 4.8 × √0.16 = 4.8 × 0.4 = 1.92; 1.96 × 1.92 = 3.7632
        var criterion = TestCatalogue.Gad7.FindReliableChange("total")!;
        Assert.Equal(4.8m, criterion.StandardDeviation);
        Assert.Equal(0.92m, criterion.Reliability);

        var t = Calculate(TestCatalogue.Gad7, ReliableChangeMethod.JacobsonTruax, 12, 9);

        Assert.Equal(3.7632m, Math.Round(t.ReliableChangeThreshold!.Value, 4));
        Assert.False(t.ReliableImprovement); // 3 ≤ 3.7632
    }

    [Fact]
    public void Calculate_WhenFixedThresholdByDefault_ThenThresholdIsTheNhsTalkingTherapiesValue()
    {
        // Default settings: NHS Talking Therapies fixed thresholds, PHQ-9 6 and GAD-7 4.
        var settings = new TrajectorySettings();
        var calculator = new TrajectoryCalculator(settings);
        var phq9 = TestCatalogue.Phq9;
        var gad7 = TestCatalogue.Gad7;

        Assert.Equal(ReliableChangeMethod.FixedThreshold, settings.ReliableChange);
        Assert.Equal(6m, calculator.Calculate(Points.Key("phq-9"), phq9, phq9.TotalScale, Points.Weekly(18, 12)).ReliableChangeThreshold);
        Assert.Equal(4m, calculator.Calculate(Points.Key("gad-7"), gad7, gad7.TotalScale, Points.Weekly(12, 8)).ReliableChangeThreshold);
    }

    [Fact]
    public void SlopePerWeek_WhenThreeWeeklyScores_ThenLeastSquaresSlopeInPointsPerWeek()
    {
        // x = 0, 1, 2 weeks; y = 18, 15, 9. mean x = 1, mean y = 14.
        // Sxy = (−1)(4) + (0)(1) + (1)(−5) = −9; Sxx = 1 + 0 + 1 = 2; slope = −9 / 2 = −4.5 points per week.
        var t = Calculate(TestCatalogue.Phq9, ReliableChangeMethod.FixedThreshold, 18, 15, 9);

        Assert.Equal(-4.5m, t.SlopePerWeek);
    }

    [Fact]
    public void SlopePerWeek_WhenScoresTwoWeeksApart_ThenSlopeIsPerWeekNotPerSession()
    {
        // x = 0, 2, 4 weeks; y = 18, 15, 9. mean x = 2, mean y = 14.
        // Sxy = (−2)(4) + 0 + (2)(−5) = −18; Sxx = 4 + 0 + 4 = 8; slope = −18 / 8 = −2.25 points per week.
        var points = new[] { 18m, 15m, 9m }
            .Select((v, i) => new ScorePoint(Points.Start.AddDays(14 * i), v, $"Observation/f{i}", null, ScoredHere: true))
            .ToList();

        Assert.Equal(-2.25m, TrajectoryCalculator.SlopePerWeek(points));
    }

    [Theory]
    // expected(3) = 20 × (1 − 0.15 × ln 3) = 20 × (1 − 0.15 × 1.098612) = 20 × 0.835208 = 16.704 -> 16.7.
    // Tolerance = 0.5 × reliable-change threshold 6 = 3 points worse than expected.
    // Latest 20: 20 − 16.7 = 3.3 > 3 -> not on track.
    [InlineData(new[] { 20, 20, 20 }, 16.7, true)]
    // Latest 19: 19 − 16.7 = 2.3 ≤ 3 -> on track.
    [InlineData(new[] { 20, 19, 19 }, 16.7, false)]
    // expected(4) = 15 × (1 − 0.15 × ln 4) = 15 × (1 − 0.15 × 1.386294) = 15 × 0.792056 = 11.881 -> 11.9.
    // Latest 15: 15 − 11.9 = 3.1 > 3 -> not on track; latest 14: 2.1 ≤ 3 -> on track.
    [InlineData(new[] { 15, 14, 15, 15 }, 11.9, true)]
    [InlineData(new[] { 15, 14, 15, 14 }, 11.9, false)]
    public void Calculate_WhenPhq9ComparedWithExpectedLogCurve_ThenNotOnTrackOnlyBeyondTolerance(int[] scores, double expected, bool notOnTrack)
    {
        var t = Calculate(TestCatalogue.Phq9, ReliableChangeMethod.FixedThreshold, scores.Select(s => (decimal)s).ToArray());

        Assert.Equal((decimal)expected, t.ExpectedLatest);
        Assert.Equal(notOnTrack, t.NotOnTrack);
    }

    [Fact]
    public void Calculate_WhenOnlyTwoSessions_ThenNoNotOnTrackSignalYet()
    {
        // Even a rise from 20 to 27 at session 2 is too early to judge (signals start at session 3, OQ-Analyst / PCOMS);
        // it is still reported as reliable deterioration (+7 ≥ 6).
        var t = Calculate(TestCatalogue.Phq9, ReliableChangeMethod.FixedThreshold, 20, 27);

        Assert.False(t.NotOnTrack);
        Assert.Equal(TrajectoryStatus.ReliableDeterioration, t.Status);
    }

    [Fact]
    public void Calculate_WhenOneScore_ThenInsufficientDataAndNoOutcomeClaims()
    {
        var t = Calculate(TestCatalogue.Phq9, ReliableChangeMethod.FixedThreshold, 15);

        Assert.Equal(TrajectoryStatus.InsufficientData, t.Status);
        Assert.Equal(1, t.Sessions);
        Assert.Equal(0m, t.Change);
        Assert.False(t.ReliableImprovement);
        Assert.False(t.ReliableDeterioration);
        Assert.Null(t.Recovery);
        Assert.Null(t.ReliableRecovery);
        Assert.Null(t.Response);
        Assert.Null(t.Remission);
        Assert.Null(t.SlopePerWeek);
        Assert.False(t.NotOnTrack);
    }

    [Fact]
    public void SlopePerWeek_WhenIrregularTimesAndValues_ThenTheLeastSquaresSlopeOfTheTextbookSums()
    {
        var random = new Random(12);
        for (var series = 0; series < 500; series++)
        {
            var when = Points.Start;
            var points = new List<ScorePoint>();
            var count = random.Next(2, 30);
            for (var i = 0; i < count; i++)
            {
                when = when.AddMinutes(random.Next(0, 60 * 24 * 40));
                points.Add(new ScorePoint(when, random.Next(0, 28) + random.Next(0, 10) / 10m, $"Observation/s{i}", null, ScoredHere: true));
            }
            var xs = points.Select(p => (p.When - points[0].When).TotalDays / 7.0).ToArray();
            var ys = points.Select(p => (double)p.Value).ToArray();
            var mx = xs.Average();
            var my = ys.Average();
            var sxx = xs.Sum(x => (x - mx) * (x - mx));
            var sxy = xs.Zip(ys, (x, y) => (x - mx) * (y - my)).Sum();
            decimal? expected = sxx == 0 ? null : Math.Round((decimal)(sxy / sxx), 2, MidpointRounding.AwayFromZero);

            Assert.Equal(expected, TrajectoryCalculator.SlopePerWeek(points));
        }
    }

    private static Trajectory Calculate(Instrument instrument, ReliableChangeMethod method, params decimal[] scores) =>
        new TrajectoryCalculator(new TrajectorySettings { ReliableChange = method })
            .Calculate(Points.Key(instrument.Id), instrument, instrument.TotalScale, Points.Weekly(scores));
}
