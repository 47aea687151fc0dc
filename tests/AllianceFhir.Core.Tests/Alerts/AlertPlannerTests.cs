using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Ruptures;
using AllianceFhir.Core.Tests.Support;
using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Core.Tests.Alerts;

/// <summary>
/// Which alerts reach the clinician, and how they read. Item 9: same-day review (docs/domain.md §2). Ruptures: one prompt per
/// unrepaired rupture, none once repaired (Safran et al. 2011), worded as an invitation to check in with the client and
/// never as a grade of the therapist (Eubanks, Burckell &amp; Goldfried 2018).
/// </summary>
public class AlertPlannerTests
{
    private static readonly string[] BlamingWords = ["fail", "poor", "bad", "wrong", "blame", "mistake"];

    [Fact]
    public void ForSafety_WhenItem9Positive_ThenStatSafetyAlertForThePatient()
    {
        var response = Responses.Phq9(0, 0, 0, 0, 0, 0, 0, 0, 1);
        var result = TestCatalogue.Score(response);

        var alert = AlertPlanner.ForSafety(result, $"QuestionnaireResponse/{response.Id}");

        Assert.NotNull(alert);
        Assert.Equal(AlertKind.Safety, alert.Kind);
        Assert.Equal(AlertPriority.Stat, alert.Priority);
        Assert.Equal("safety-self-harm", alert.ReasonCode);
        Assert.Equal(Responses.DefaultPatient, alert.PatientReference);
        Assert.Equal(Responses.DefaultAuthored, alert.OccurredAt);
        Assert.Contains("today", alert.Summary, StringComparison.Ordinal);
    }

    [Theory]
    // item 9 "Not at all" (0) and item 9 skipped: neither raises a self-harm alert
    [InlineData(0)]
    [InlineData(null)]
    public void ForSafety_WhenItem9ZeroOrMissing_ThenNoAlert(int? item9)
    {
        var response = Responses.Phq9(3, 3, 3, 3, 3, 3, 3, 3, item9);

        Assert.Null(AlertPlanner.ForSafety(TestCatalogue.Score(response), $"QuestionnaireResponse/{response.Id}"));
    }

    [Fact]
    public void ForSafety_WhenSameResponseTwice_ThenSameKeySoTheAlertIsNotDuplicated()
    {
        var response = Responses.Phq9(0, 0, 0, 0, 0, 0, 0, 0, 3);
        var reference = $"QuestionnaireResponse/{response.Id}";

        var first = AlertPlanner.ForSafety(TestCatalogue.Score(response), reference)!;
        var second = AlertPlanner.ForSafety(TestCatalogue.Score(response), reference)!;

        Assert.Equal(first.Key, second.Key);
    }

    [Fact]
    public void ForRupture_WhenRuptureUnrepaired_ThenOneRoutineCheckInAlertEvenIfTwoRulesFoundIt()
    {
        // WAI-SR 50, 52, 48, 50, 40, 42, 45: own SD before session 5 is 1.633, floored at the profile's minSd 3; the
        // 10-point drop trips both the 1 SD (3) and the 2 SD (6) rules, and the score never returns to 50 -> two open
        // episodes, one alert.
        var waiSr = TestCatalogue.WaiSr;
        var points = Points.Weekly(50, 52, 48, 50, 40, 42, 45);
        var episodes = RuptureDetector.Detect(points, waiSr.RuptureRules);
        Assert.Equal(2, episodes.Count(e => !e.Repaired));

        var alert = AlertPlanner.ForRupture(Points.Key("wai-sr"), waiSr, waiSr.TotalScale, episodes, points);

        Assert.NotNull(alert);
        Assert.Equal(AlertKind.AllianceRupture, alert.Kind);
        Assert.Equal(AlertPriority.Routine, alert.Priority);
        Assert.Equal(Responses.DefaultPatient, alert.PatientReference);
        Assert.Equal(points[4].When, alert.OccurredAt);
        Assert.Equal(new[] { "Observation/s5" }, alert.Evidence);
        Assert.Contains("from 50 to 40 on 2 Feb 2026", alert.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("session", alert.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ForRupture_WhenEveryRuptureRepaired_ThenNoAlert()
    {
        // V shape 50, 52, 48, 50, 40, 45, 51: both episodes repaired at session 7 -> nothing to prompt.
        var waiSr = TestCatalogue.WaiSr;
        var points = Points.Weekly(50, 52, 48, 50, 40, 45, 51);
        var episodes = RuptureDetector.Detect(points, waiSr.RuptureRules);
        Assert.Equal(2, episodes.Count);

        Assert.Null(AlertPlanner.ForRupture(Points.Key("wai-sr"), waiSr, waiSr.TotalScale, episodes, points));
    }

    [Fact]
    public void ForRupture_WhenAllianceSteadyOrRising_ThenNoAlert()
    {
        // WAI-SR 50, 51, 52, 51, 53: the only dip (52 -> 51 at session 4) is 1 point, below 1 SD (own SD of 50, 51, 52
        // is 1, floored to minSd 3) -> no episode, no alert.
        var waiSr = TestCatalogue.WaiSr;
        var points = Points.Weekly(50, 51, 52, 51, 53);
        var episodes = RuptureDetector.Detect(points, waiSr.RuptureRules);

        Assert.Empty(episodes);
        Assert.Null(AlertPlanner.ForRupture(Points.Key("wai-sr"), waiSr, waiSr.TotalScale, episodes, points));
    }

    [Fact]
    public void ForRupture_WhenAlertWritten_ThenWordingInvitesACheckInAndDoesNotBlame()
    {
        // SRS 38, 37.5, 35, 34: below 36 from session 3 and never back -> open episodes.
        var srs = TestCatalogue.Srs;
        var points = Points.Weekly(38, 37.5m, 35, 34);
        var episodes = RuptureDetector.Detect(points, srs.RuptureRules);

        var alert = AlertPlanner.ForRupture(Points.Key("srs"), srs, srs.TotalScale, episodes, points);

        Assert.NotNull(alert);
        // What the clinician sees first (the reason and the one-line summary) invites a check-in with the client.
        Assert.Contains("check", alert.ReasonDisplay, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("check", alert.Summary, StringComparison.OrdinalIgnoreCase);
        foreach (var text in new[] { alert.ReasonDisplay, alert.Summary, alert.Detail })
            foreach (var word in BlamingWords) Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ForNotOnTrack_WhenPhq9WorseThanExpected_ThenRoutineReviewPromptWithoutBlame()
    {
        // PHQ-9 20, 20, 20: expected at session 3 = 20 × (1 − 0.15 × ln 3) = 16.7; 20 − 16.7 = 3.3 > 3 -> not on track.
        var phq9 = TestCatalogue.Phq9;
        var trajectory = new TrajectoryCalculator(new TrajectorySettings())
            .Calculate(Points.Key("phq-9"), phq9, phq9.TotalScale, Points.Weekly(20, 20, 20));

        var alert = AlertPlanner.ForNotOnTrack(trajectory);

        Assert.NotNull(alert);
        Assert.Equal(AlertKind.NotOnTrack, alert.Kind);
        Assert.Equal(AlertPriority.Routine, alert.Priority);
        Assert.Contains("expected about 16.7", alert.Summary, StringComparison.Ordinal);
        foreach (var word in BlamingWords)
        {
            Assert.DoesNotContain(word, alert.Summary, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(word, alert.Detail, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void ForNotOnTrack_WhenOnTrack_ThenNoAlert()
    {
        // PHQ-9 20, 19, 19: 19 − 16.7 = 2.3 ≤ 3 -> on track.
        var phq9 = TestCatalogue.Phq9;
        var trajectory = new TrajectoryCalculator(new TrajectorySettings())
            .Calculate(Points.Key("phq-9"), phq9, phq9.TotalScale, Points.Weekly(20, 19, 19));

        Assert.Null(AlertPlanner.ForNotOnTrack(trajectory));
    }
}
