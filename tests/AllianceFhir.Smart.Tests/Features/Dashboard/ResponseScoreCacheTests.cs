using System.Text.Json;
using AllianceFhir.Core.Trajectories;
using AllianceFhir.Smart.Features.Dashboard;

namespace AllianceFhir.Smart.Tests.Features.Dashboard;

/// <summary>
/// Reloading a dashboard must never show a stale score: an amended response (new version) is scored again, and a
/// response without version information is scored every time.
/// </summary>
public sealed class ResponseScoreCacheTests
{
    private static readonly Uri Ehr = new("https://ehr.example.org/fhir/");

    private static JsonElement Response(string? versionId, string? lastUpdated = null)
    {
        var meta = versionId is null && lastUpdated is null ? "" :
            $",\"meta\":{{{(versionId is null ? "" : $"\"versionId\":\"{versionId}\"")}{(lastUpdated is null ? "" : $"\"lastUpdated\":\"{lastUpdated}\"")}}}";
        return JsonDocument.Parse($"{{\"resourceType\":\"QuestionnaireResponse\",\"id\":\"qr-1\"{meta}}}").RootElement.Clone();
    }

    private static ScoredResponse Points(decimal value) => new(
        [(new SeriesKey("Patient/p1", "phq-9", "total"), new ScorePoint(DateTimeOffset.Parse("2026-10-01T10:00:00Z"), value, "Observation/x", "qr-1", true, false))],
        Rejected: false);

    [Fact]
    public void GetOrScore_WhenSameVersionAgain_ThenTheFirstScoreIsReused()
    {
        using var cache = new ResponseScoreCache();
        var calls = 0;
        var first = cache.GetOrScore(Ehr, "Patient/p1", Response("1"), _ => { calls++; return Points(18); });
        var second = cache.GetOrScore(Ehr, "Patient/p1", Response("1"), _ => { calls++; return Points(3); });

        Assert.Equal(1, calls);
        Assert.Equal(18, second.Points.Single().Point.Value);
        Assert.Same(first, second);
    }

    [Fact]
    public void GetOrScore_WhenTheResponseWasAmended_ThenTheNewVersionIsScored()
    {
        using var cache = new ResponseScoreCache();
        cache.GetOrScore(Ehr, "Patient/p1", Response("1"), _ => Points(18));
        var amended = cache.GetOrScore(Ehr, "Patient/p1", Response("2"), _ => Points(9));

        Assert.Equal(9, amended.Points.Single().Point.Value);
    }

    [Fact]
    public void GetOrScore_WhenOnlyLastUpdatedChanges_ThenTheResponseIsScoredAgain()
    {
        using var cache = new ResponseScoreCache();
        cache.GetOrScore(Ehr, "Patient/p1", Response(null, "2026-10-01T10:00:00Z"), _ => Points(18));
        var amended = cache.GetOrScore(Ehr, "Patient/p1", Response(null, "2026-10-02T10:00:00Z"), _ => Points(9));

        Assert.Equal(9, amended.Points.Single().Point.Value);
    }

    [Fact]
    public void GetOrScore_WhenTheEhrGivesNoVersion_ThenEveryLoadScoresAgain()
    {
        using var cache = new ResponseScoreCache();
        var calls = 0;
        cache.GetOrScore(Ehr, "Patient/p1", Response(null), _ => { calls++; return Points(18); });
        cache.GetOrScore(Ehr, "Patient/p1", Response(null), _ => { calls++; return Points(18); });

        Assert.Equal(2, calls);
    }

    [Fact]
    public void GetOrScore_WhenAnotherEhrHasTheSameId_ThenItIsScoredSeparately()
    {
        using var cache = new ResponseScoreCache();
        cache.GetOrScore(Ehr, "Patient/p1", Response("1"), _ => Points(18));
        var other = cache.GetOrScore(new Uri("https://other-ehr.example.org/fhir/"), "Patient/p1", Response("1"), _ => Points(5));

        Assert.Equal(5, other.Points.Single().Point.Value);
    }
}
