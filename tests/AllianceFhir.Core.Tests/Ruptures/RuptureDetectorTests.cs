using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Ruptures;
using AllianceFhir.Core.Tests.Support;

namespace AllianceFhir.Core.Tests.Ruptures;

/// <summary>
/// Alliance ruptures (docs/domain.md §4). Stiles et al. 2004 / Strauss et al. 2006: a session-to-session drop of ≥ 2 SD / ≥ 1 SD
/// of the patient's own scores (here: the sample SD, n − 1, of the scores before the session judged, floored at the rule's
/// minSd — a profile setting, unverified, so a patient at the ceiling whose score falls is still seen). PCOMS / OpenFIT:
/// SRS below its cutoff 36 (Duncan et al. 2003), or ≥ 1 point below the previous session. Safran et al. 2011: a rupture
/// is repaired when the score returns to the pre-rupture level. Sessions are 1-based, a week apart. The rules built here
/// (OneSd, TwoSd) carry no minSd, so they apply the published definition to the patient's raw SD; the profile rules carry it.
/// </summary>
public class RuptureDetectorTests
{
    private static readonly RuptureRule OneSd = new("total", RuptureMethod.SdDrop, 1m, 3, "Strauss et al. 2006");
    private static readonly RuptureRule TwoSd = new("total", RuptureMethod.SdDrop, 2m, 3, "Stiles et al. 2004");

    [Fact]
    public void Detect_WhenVShapedDropAndReturn_ThenEpisodeWithStartLowestDepthAndRepair()
    {
        // WAI-SR totals 50, 52, 48, 50, 40, 45, 51.
        // Session 4 is the first judged (3 earlier scores): earlier 50, 52, 48 -> mean 50, SD √((0+4+4)/2) = 2;
        //   48 -> 50 is a rise: nothing.
        // Session 5: earlier 50, 52, 48, 50 -> mean 50, squared deviations 0+4+4+0 = 8, SD = √(8/3) = 1.633.
        //   Drop 50 -> 40 = 10 ≥ 1 × 1.633 -> rupture starts at session 5; pre-rupture level 50 (session 4).
        // Session 6: 45 < 50, still open; lowest stays 40. Session 7: 51 ≥ 50 -> repaired at session 7. Depth 50 − 40 = 10.
        var points = Points.Weekly(50, 52, 48, 50, 40, 45, 51);

        var episode = Assert.Single(RuptureDetector.Detect(points, OneSd));

        Assert.Equal(5, episode.StartSession);
        Assert.Equal(points[4].When, episode.StartDate);
        Assert.Equal(50m, episode.PreRuptureLevel);
        Assert.Equal(40m, episode.LowestScore);
        Assert.Equal(10m, episode.Depth);
        Assert.True(episode.Repaired);
        Assert.Equal(7, episode.RepairSession);
        Assert.Equal(points[6].When, episode.RepairDate);
    }

    [Fact]
    public void Detect_WhenScoreNeverReturnsToPreRuptureLevel_ThenEpisodeStaysOpen()
    {
        // Same drop at session 5 (50 -> 40, SD 1.633), then 42, 45: both < 50, so not repaired; lowest 40.
        var points = Points.Weekly(50, 52, 48, 50, 40, 42, 45);

        var episode = Assert.Single(RuptureDetector.Detect(points, OneSd));

        Assert.False(episode.Repaired);
        Assert.Null(episode.RepairSession);
        Assert.Null(episode.RepairDate);
        Assert.Equal(5, episode.StartSession);
        Assert.Equal(40m, episode.LowestScore);
    }

    [Fact]
    public void Detect_WhenDeeperLowAfterTheDrop_ThenLowestAndDepthFollowIt()
    {
        // Drop at session 5 (50 -> 44: 6 ≥ 1.633), then 41 at session 6 -> lowest 41, depth 50 − 41 = 9; 50 at session 7 repairs.
        var episode = Assert.Single(RuptureDetector.Detect(Points.Weekly(50, 52, 48, 50, 44, 41, 50), OneSd));

        Assert.Equal(41m, episode.LowestScore);
        Assert.Equal(9m, episode.Depth);
        Assert.Equal(7, episode.RepairSession);
    }

    [Fact]
    public void Detect_WhenDropOf3AfterScoresWithSampleSd1Point633_ThenOneSdRuleFiresAndTwoSdRuleDoesNot()
    {
        // Earlier scores 50, 52, 48, 50: mean 50; squared deviations 0, 4, 4, 0 = 8.
        // Sample SD (n − 1) = √(8/3) = √2.667 = 1.633. 1 SD = 1.633, 2 SD = 3.266.
        // Session 5 drops 50 -> 47 = 3: 3 ≥ 1.633 -> the 1 SD rule fires; 3 < 3.266 -> the 2 SD rule does not.
        // (A population SD √(8/4) = 1.414 would make 2 SD = 2.83 and wrongly fire the 2 SD rule too.)
        var points = Points.Weekly(50, 52, 48, 50, 47);

        var episodes = RuptureDetector.Detect(points, [OneSd, TwoSd]);

        var episode = Assert.Single(episodes);
        Assert.Same(OneSd, episode.Rule);
        Assert.Equal(5, episode.StartSession);
        Assert.Equal(50m, episode.PreRuptureLevel);
    }

    [Fact]
    public void Detect_WhenJudgingASession_ThenSdExcludesThatSessionsOwnScore()
    {
        // Earlier scores 50, 52, 48, 50: SD 1.633, 2 SD = 3.266. Session 5 drops 50 -> 46 = 4 ≥ 3.266 -> the 2 SD rule fires.
        // Had the SD included the judged score 46 (50, 52, 48, 50, 46: mean 49.2, squared deviations
        // 0.64 + 7.84 + 1.44 + 0.64 + 10.24 = 20.8, SD √(20.8/4) = 2.280, 2 SD = 4.56), the drop of 4 would be missed.
        var episode = Assert.Single(RuptureDetector.Detect(Points.Weekly(50, 52, 48, 50, 46), TwoSd));

        Assert.Equal(5, episode.StartSession);
    }

    [Fact]
    public void Detect_WhenOwnSdIsBelowTheRulesMinSd_ThenTheFloorDecides()
    {
        // Earlier scores 50, 52, 48, 50: own SD 1.633. Session 5 drops 50 -> 48 = 2.
        // Without a floor: 2 ≥ 1 × 1.633 -> fires. With minSd 3: SD = max(1.633, 3) = 3 and 2 < 3 -> does not fire,
        // so a small wobble in a very steady patient is not called a rupture.
        var points = Points.Weekly(50, 52, 48, 50, 48);
        var floored = OneSd with { MinSd = 3m };

        Assert.Single(RuptureDetector.Detect(points, OneSd));
        Assert.Empty(RuptureDetector.Detect(points, floored));
    }

    [Fact]
    public void Detect_WhenFewerEarlierScoresThanMinHistory_ThenSdRuleDoesNotJudge()
    {
        // minHistory 3: session 3 has only two earlier scores (50, 52) and is not judged, however big the drop (52 -> 30).
        Assert.Empty(RuptureDetector.Detect(Points.Weekly(50, 52, 30), OneSd));
    }

    [Fact]
    public void Detect_WhenFlatCeilingSeries_ThenSdDropNeverFires()
    {
        // Ceiling effects are strong (docs/domain.md §1): all 60 means SD 0 (floored to 3) and no drop; nothing to report.
        var points = Points.Weekly(60, 60, 60, 60, 60, 60);

        Assert.Empty(RuptureDetector.Detect(points, TestCatalogue.WaiSr.RuptureRules));
    }

    [Fact]
    public void Detect_WhenCeilingScoresThenALargeDrop_ThenBothWaiSrSdDropRulesFire()
    {
        // WAI-SR 60, 60, 60 (perfect) then 45 at session 4. The patient's own SD is 0; the profile floors it at minSd 3,
        // so 1 SD = 3 and 2 SD = 6, and the 15-point drop trips both. docs/domain.md §1: ceiling effects are strong (54% of
        // clients gave perfect scores), which is why alerts key on drops; the WAI-SR has no cutoff rule, so without the
        // floor nothing would flag this rupture at all.
        var episodes = RuptureDetector.Detect(Points.Weekly(60, 60, 60, 45), TestCatalogue.WaiSr.RuptureRules);

        Assert.Equal(2, episodes.Count);
        Assert.All(episodes, e => Assert.Equal(4, e.StartSession));
        Assert.All(episodes, e => Assert.Equal(60m, e.PreRuptureLevel));
    }

    [Fact]
    public void Detect_WhenWaiSrProfileRulesOnAVShape_ThenBothOneAndTwoSdEpisodesReportedAndRepaired()
    {
        // Profile rules: sd-drop 1 and sd-drop 2, minHistory 3, minSd 3 (Gumz et al. 2012: report both thresholds).
        // Session 5: own SD of 50, 52, 48, 50 = 1.633, floored to 3 -> 1 SD = 3, 2 SD = 6.
        // Drop 50 -> 40 = 10 ≥ 3 and ≥ 6 -> both fire; 51 at session 7 ≥ 50 repairs both.
        var episodes = RuptureDetector.Detect(Points.Weekly(50, 52, 48, 50, 40, 45, 51), TestCatalogue.WaiSr.RuptureRules);

        Assert.Equal(2, episodes.Count);
        Assert.All(episodes, e => Assert.Equal(5, e.StartSession));
        Assert.All(episodes, e => Assert.Equal(7, e.RepairSession));
        Assert.Equal([1m, 2m], episodes.Select(e => e.Rule.Threshold).Order().ToArray());
    }

    [Fact]
    public void Detect_WhenSrsFallsBelow36AndDrops1Point_ThenCutoffAndPointDropEpisodes()
    {
        // SRS profile rules: below-cutoff 36, point-drop 1, sd-drop 1 and 2 (minHistory 3). Totals 38, 37.5, 35, 36.5.
        // below-cutoff: session 3 (35 < 36) opens at level 36, lowest 35; session 4: 36.5 ≥ 36 -> repaired at 4.
        // point-drop: session 2: 38 − 37.5 = 0.5 < 1, no; session 3: 37.5 − 35 = 2.5 ≥ 1 -> opens at level 37.5;
        //   session 4: 36.5 < 37.5 -> still open.
        // sd-drop: only session 4 is judged (3 earlier scores) and 35 -> 36.5 is a rise -> none.
        var episodes = RuptureDetector.Detect(Points.Weekly(38, 37.5m, 35, 36.5m), TestCatalogue.Srs.RuptureRules);

        Assert.Equal(2, episodes.Count);
        var cutoff = Assert.Single(episodes, e => e.Rule.Method == RuptureMethod.BelowCutoff);
        Assert.Equal(3, cutoff.StartSession);
        Assert.Equal(36m, cutoff.PreRuptureLevel);
        Assert.Equal(35m, cutoff.LowestScore);
        Assert.Equal(4, cutoff.RepairSession);
        var drop = Assert.Single(episodes, e => e.Rule.Method == RuptureMethod.PointDrop);
        Assert.Equal(3, drop.StartSession);
        Assert.Equal(37.5m, drop.PreRuptureLevel);
        Assert.False(drop.Repaired);
    }

    [Theory]
    // Duncan et al. 2003 / PCOMS: concern when the SRS total is below 36. 36 itself is at the cutoff, not below it.
    [InlineData(36.0, false)]
    [InlineData(35.9, true)]
    public void Detect_WhenSrsFirstSessionNearTheCutoff_ThenBelowCutoffOnlyUnder36(double score, bool fires)
    {
        var rule = TestCatalogue.Srs.RuptureRules.Single(r => r.Method == RuptureMethod.BelowCutoff);

        var episodes = RuptureDetector.Detect(Points.Weekly((decimal)score), rule);

        Assert.Equal(fires, episodes.Count == 1);
    }

    [Theory]
    // PCOMS / OpenFIT: ≥ 1 point below the previous session. 38 -> 37 is exactly 1 (fires); 38 -> 37.1 is 0.9 (does not).
    [InlineData(37.0, true)]
    [InlineData(37.1, false)]
    public void Detect_WhenSrsDropsFromPreviousSession_ThenPointDropOnlyAtOneOrMore(double second, bool fires)
    {
        var rule = TestCatalogue.Srs.RuptureRules.Single(r => r.Method == RuptureMethod.PointDrop);

        var episodes = RuptureDetector.Detect(Points.Weekly(38, (decimal)second), rule);

        Assert.Equal(fires, episodes.Count == 1);
        if (fires) Assert.Equal(38m, episodes[0].PreRuptureLevel);
    }

    [Fact]
    public void Detect_WhenRepairedAndLaterDropsAgain_ThenTwoSeparateEpisodes()
    {
        // Point drop 1: 38 -> 36 opens (level 38), 38 repairs at session 3; 38 -> 36.5 opens again at session 5 (level 38).
        var rule = new RuptureRule("total", RuptureMethod.PointDrop, 1m, 1, "PCOMS/OpenFIT");

        var episodes = RuptureDetector.Detect(Points.Weekly(38, 36, 38, 38, 36.5m), rule);

        Assert.Equal(2, episodes.Count);
        Assert.Equal((2, 3), (episodes[0].StartSession, episodes[0].RepairSession!.Value));
        Assert.Equal(5, episodes[1].StartSession);
        Assert.False(episodes[1].Repaired);
    }
}
