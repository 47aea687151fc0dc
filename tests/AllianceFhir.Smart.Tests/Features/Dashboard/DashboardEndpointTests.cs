using System.Net;
using System.Text.Json;
using AllianceFhir.Smart.Tests.Support;

namespace AllianceFhir.Smart.Tests.Features.Dashboard;

/// <summary>
/// The dashboard for a patient with 100 sessions, against the real test FHIR server. Expected numbers follow from the
/// course <see cref="AllianceFhir.Testing.Smart.SessionHistory"/> loads (PHQ-9 18 → 9, GAD-7 14 → 6, WAI-SR 48 with a
/// dip to 38 at session 6, 42 at 7, 48 again at 8) and the published rules: NHS Talking Therapies caseness PHQ-9 ≥ 10,
/// reliable change PHQ-9 ≥ 6 and GAD-7 ≥ 4; a WAI-SR drop of ≥ 1 SD and ≥ 2 SD (SD floored at 3).
/// </summary>
public sealed class DashboardEndpointTests(LongCourseFixture fixture) : IClassFixture<LongCourseFixture>
{
    private async Task<JsonElement> DashboardAsync()
    {
        using var response = await fixture.Host.Client.GetAsync($"api/patients/{LongCourseFixture.PatientId}/dashboard");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static JsonElement Chart(JsonElement dashboard, string section, string instrument) =>
        dashboard.GetProperty(section).EnumerateArray().Single(c => c.GetProperty("instrumentId").GetString() == instrument);

    [Fact]
    public async Task Dashboard_WhenPatientHas100Sessions_ThenAtMostThreeEhrRequests()
    {
        await DashboardAsync(); // the EHR's CapabilityStatement (alert channel) is read once per EHR and kept
        await fixture.Server.ResetStatsAsync();
        using var response = await fixture.Host.Client.GetAsync($"api/patients/{LongCourseFixture.PatientId}/dashboard");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stats = await fixture.Server.StatsAsync();
        Assert.InRange(stats.Requests, 1, 3);
        Assert.Contains(response.Headers.GetValues("Server-Timing"), v => v.Contains("ehr-requests;desc=3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_WhenPhq9FallsFrom18To9_ThenPointsBandsCasenessAndReliableImprovement()
    {
        var phq9 = Chart(await DashboardAsync(), "symptoms", "phq-9");
        var points = phq9.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(100, points.Count);
        Assert.Equal(18m, points[0].GetProperty("value").GetDecimal());
        Assert.Equal("Moderately severe", points[0].GetProperty("band").GetString());
        Assert.Equal(9m, points[^1].GetProperty("value").GetDecimal());
        Assert.Equal("Mild", points[^1].GetProperty("band").GetString());
        Assert.Equal(10m, phq9.GetProperty("caseness").GetProperty("value").GetDecimal());
        Assert.Equal(">=", phq9.GetProperty("caseness").GetProperty("comparator").GetString());
        Assert.Equal(5, phq9.GetProperty("bands").GetArrayLength());
        // 18 → 13 at session 6 is a change of 5 (not reliable); 12 at session 7 is 6, the first reliable improvement.
        Assert.Equal(JsonValueKind.Null, points[5].GetProperty("reliableChange").ValueKind);
        Assert.Equal("improvement", points[6].GetProperty("reliableChange").GetString());
        Assert.Equal("reliable-recovery", phq9.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Dashboard_WhenGad7FallsFrom14To6_ThenFirstReliableImprovementAtFourPoints()
    {
        var gad7 = Chart(await DashboardAsync(), "symptoms", "gad-7");
        var points = gad7.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(14m, points[0].GetProperty("value").GetDecimal());
        Assert.Equal(JsonValueKind.Null, points[3].GetProperty("reliableChange").ValueKind); // 11: change 3
        Assert.Equal("improvement", points[4].GetProperty("reliableChange").GetString()); // 10: change 4
        Assert.Equal(8m, gad7.GetProperty("caseness").GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task Dashboard_WhenAllianceDipsAtSession6_ThenRuptureRepairedAtSession8()
    {
        var wai = Chart(await DashboardAsync(), "alliance", "wai-sr");
        var scales = wai.GetProperty("scales").EnumerateArray().Select(s => s.GetProperty("key").GetString()).ToList();
        Assert.Equal(["total", "bond", "goal", "task"], scales);
        var total = wai.GetProperty("scales")[0].GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDecimal()).ToList();
        Assert.Equal(100, total.Count);
        Assert.Equal([48m, 48m, 48m, 48m, 48m, 38m, 42m, 48m], total.Take(8));
        var rupture = Assert.Single(wai.GetProperty("ruptures").EnumerateArray());
        Assert.Equal(6, rupture.GetProperty("startSession").GetInt32());
        Assert.Equal(8, rupture.GetProperty("repairSession").GetInt32());
        Assert.Equal(48m, rupture.GetProperty("preRuptureLevel").GetDecimal());
        Assert.Equal(38m, rupture.GetProperty("lowestScore").GetDecimal());
        Assert.Equal(2, rupture.GetProperty("rules").GetArrayLength());
    }

    [Fact]
    public async Task Dashboard_WhenCourseLoaded_ThenPlainLanguageSummaryAndBanner()
    {
        var dashboard = await DashboardAsync();
        var summary = dashboard.GetProperty("summary").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("Reliable improvement since intake: PHQ-9 18 → 9, now below the caseness threshold (reliable recovery).", summary);
        Assert.Contains("Reliable improvement since intake: GAD-7 14 → 6, now below the caseness threshold (reliable recovery).", summary);
        // WAI-SR 48 (each subscale 16) to 38: the form spreads the total evenly, so task keeps 14 and bond and goal fall to 12.
        Assert.Contains("Alliance (WAI-SR) dipped on 10 Feb 2025 (48 to 38; largest subscale drop: bond 16 to 12, goal 16 to 12) and recovered on 24 Feb 2025.", summary);
        Assert.Contains(summary, s => s!.StartsWith("WAI-SR subscales on ", StringComparison.Ordinal) && s.Contains("bond 16, goal 16, task 16 (each 4–20)", StringComparison.Ordinal));
        Assert.Equal("Alex Longcourse", dashboard.GetProperty("patient").GetProperty("name").GetString());
        Assert.Equal("2004-03-15", dashboard.GetProperty("patient").GetProperty("birthDate").GetString());
        // The identifier has no type: it is not called an MRN.
        Assert.Equal("ID", dashboard.GetProperty("patient").GetProperty("identifierLabel").GetString());
    }

    [Fact]
    public async Task Dashboard_WhenDefaultTrajectorySettings_ThenExpectedBandAroundCoreCourseMarkedUnverified()
    {
        var phq9 = Chart(await DashboardAsync(), "symptoms", "phq-9");
        var expected = phq9.GetProperty("expected");
        Assert.True(expected.GetProperty("unverified").GetBoolean());
        // Tolerance: half the PHQ-9 reliable-change threshold of 6 (TrajectorySettings.NotOnTrackToleranceFraction).
        Assert.Equal(3m, expected.GetProperty("tolerance").GetDecimal());
        Assert.Contains("Finch, Lambert & Schaalje 2001", expected.GetProperty("source").GetString());
        Assert.StartsWith("Not on track means", expected.GetProperty("meaning").GetString());
        var points = expected.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(100, points.Count);
        // Session 1: ln 1 = 0, so the intake score; session 8: 18 × (1 − 0.15·ln 8) = 12.4.
        Assert.Equal((18m, 15m, 21m), (points[0].GetProperty("expected").GetDecimal(), points[0].GetProperty("lower").GetDecimal(), points[0].GetProperty("upper").GetDecimal()));
        Assert.Equal(12.4m, points[7].GetProperty("expected").GetDecimal());
        Assert.Equal(phq9.GetProperty("points")[7].GetProperty("date").GetString(), points[7].GetProperty("date").GetString());
    }
}
