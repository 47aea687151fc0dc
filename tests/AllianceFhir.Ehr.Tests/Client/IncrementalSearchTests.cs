using AllianceFhir.Ehr.Client;
using AllianceFhir.Ehr.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AllianceFhir.Ehr.Tests.Client;

public sealed class IncrementalSearchTests
{
    private static readonly DateTimeOffset Checkpoint = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SearchAsync_WhenCheckpointGiven_ThenAsksForLastUpdatedAfterCheckpointMinusFiveMinutes()
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(Bundles.SearchSet([])));
        using var services = TestEhr.Build(stub);

        await services.GetRequiredService<IncrementalSearch>().SearchAsync("QuestionnaireResponse", Checkpoint, [new("status", "completed")]);

        var request = Assert.Single(stub.Requests);
        Assert.Equal("gt2026-03-01T01:55:00.000Z", request.Query("_lastUpdated"));
        Assert.Equal("completed", request.Query("status"));
    }

    [Fact]
    public async Task SearchAsync_WhenOverlapConfigured_ThenSubtractsThatWindow()
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(Bundles.SearchSet([])));
        using var services = TestEhr.Build(stub, new Dictionary<string, string?> { ["Ehr:IncrementalSearch:Overlap"] = "00:30:00" });

        await services.GetRequiredService<IncrementalSearch>().SearchAsync("QuestionnaireResponse", Checkpoint);

        Assert.Equal("gt2026-03-01T01:30:00.000Z", Assert.Single(stub.Requests).Query("_lastUpdated"));
    }

    [Fact]
    public async Task SearchAsync_WhenResourcesReturned_ThenCheckpointIsTheLatestLastUpdatedAcrossPages()
    {
        var stub = new StubHttpHandler((request, _) => StubHttpHandler.Json(request.RequestUri!.Query.Contains("_getpages")
            ? Bundles.SearchSet([Bundles.Response("c", "2026-03-01T03:30:00+02:00")]) // 01:30Z: older than b
            : Bundles.SearchSet([Bundles.Response("a", "2026-03-01T01:58:00Z"), Bundles.Response("b", "2026-03-01T02:07:30.250Z")], next: TestEhr.BaseUrl + "?_getpages=p2")));
        using var services = TestEhr.Build(stub);

        var result = await services.GetRequiredService<IncrementalSearch>().SearchAsync("QuestionnaireResponse", Checkpoint);

        Assert.Equal(["a", "b", "c"], result.Resources.Select(r => r.Id));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 2, 7, 30, 250, TimeSpan.Zero), result.Checkpoint);
    }

    [Fact]
    public async Task SearchAsync_WhenNothingNew_ThenCheckpointStaysWhereItWas()
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(Bundles.SearchSet([])));
        using var services = TestEhr.Build(stub);

        var result = await services.GetRequiredService<IncrementalSearch>().SearchAsync("QuestionnaireResponse", Checkpoint);

        Assert.Empty(result.Resources);
        Assert.Equal(Checkpoint, result.Checkpoint);
    }

    [Fact]
    public async Task SearchAsync_WhenNoCheckpoint_ThenSearchesEverythingWithoutLastUpdated()
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(Bundles.SearchSet([Bundles.Response("a", "2026-02-01T00:00:00Z")])));
        using var services = TestEhr.Build(stub);

        var result = await services.GetRequiredService<IncrementalSearch>().SearchAsync("QuestionnaireResponse", null);

        Assert.Null(Assert.Single(stub.Requests).Query("_lastUpdated"));
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), result.Checkpoint);
    }
}
