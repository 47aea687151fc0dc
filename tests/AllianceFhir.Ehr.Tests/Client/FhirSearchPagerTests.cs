using System.Net;
using System.Text.Json.Nodes;
using AllianceFhir.Ehr.Client;
using AllianceFhir.Ehr.Tests.Support;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.Extensions.DependencyInjection;

namespace AllianceFhir.Ehr.Tests.Client;

public sealed class FhirSearchPagerTests
{
    private const string Page2 = TestEhr.BaseUrl + "?_getpages=abc&_getpagesoffset=2&_count=2";
    private const string Page3 = TestEhr.BaseUrl + "?_getpages=abc&_getpagesoffset=4&_count=2";

    [Fact]
    public async Task SearchAsync_WhenResultsSpanThreePages_ThenFollowsNextLinksAndYieldsEachResourceOnce()
    {
        var stub = new StubHttpHandler((request, _) => StubHttpHandler.Json(request.RequestUri!.Query switch
        {
            var q when q.Contains("_getpagesoffset=2") => Bundles.SearchSet([Bundles.Response("r2"), Bundles.Response("r3")], next: Page3),
            var q when q.Contains("_getpagesoffset=4") => Bundles.SearchSet([Bundles.Response("r4"), Bundles.Response("r5")]),
            _ => Bundles.SearchSet([Bundles.Response("r1"), Bundles.Response("r2")], next: Page2),
        }));
        using var services = TestEhr.Build(stub);

        var ids = new List<string?>();
        await foreach (var resource in services.GetRequiredService<FhirSearchPager>().SearchAsync("QuestionnaireResponse", [new("status", "completed")]))
            ids.Add(resource.Id);

        Assert.Equal(["r1", "r2", "r3", "r4", "r5"], ids);
        Assert.Equal(3, stub.Requests.Count);
        var first = stub.Requests.First();
        Assert.Equal("/fhir/r4/QuestionnaireResponse", first.Uri.AbsolutePath);
        Assert.Equal("completed", first.Query("status"));
        Assert.Equal("2", first.Query("_count"));
        Assert.All(stub.Requests, r => Assert.Contains("application/fhir+json", r.Header("Accept")));
    }

    [Fact]
    public async Task SearchAsync_WhenAnEntryIsMalformed_ThenReportsItAndYieldsTheRest()
    {
        var bad = Bundles.Response("bad");
        bad["subject"] = "Patient/p1"; // a string where a Reference object belongs
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(Bundles.SearchSet([Bundles.Response("ok1"), bad, Bundles.Response("ok2")])));
        using var services = TestEhr.Build(stub);

        var malformed = new List<MalformedEntry>();
        var ids = new List<string?>();
        await foreach (var resource in services.GetRequiredService<FhirSearchPager>().SearchAsync("QuestionnaireResponse", onMalformed: malformed.Add))
            ids.Add(resource.Id);

        Assert.Equal(["ok1", "ok2"], ids);
        var entry = Assert.Single(malformed);
        Assert.Equal("QuestionnaireResponse", entry.ResourceType);
        Assert.Equal("bad", entry.Id);
        Assert.Contains("\"id\":\"bad\"", entry.Json);
        Assert.Contains("entry 1", entry.Source);
    }

    [Fact]
    public async Task SearchAsync_WhenAnEntryIsMalformedAndNoCallback_ThenThrowsNamingTheEntry()
    {
        var bad = Bundles.Response("bad");
        bad["subject"] = "Patient/p1";
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(Bundles.SearchSet([bad])));
        using var services = TestEhr.Build(stub);

        var e = await Assert.ThrowsAsync<EhrResponseException>(async () =>
        {
            await foreach (var _ in services.GetRequiredService<FhirSearchPager>().SearchAsync("QuestionnaireResponse")) { }
        });

        Assert.Contains("Entry 0 (QuestionnaireResponse)", e.Message);
    }

    [Fact]
    public async Task SearchAsync_WhenNextLinkLeavesTheEhrOrigin_ThenStopsBeforeSendingAnything()
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(Bundles.SearchSet([Bundles.Response("r1")], next: "http://internal-host:8080/fhir?_getpages=x")));
        using var services = TestEhr.Build(stub);

        var ids = new List<string?>();
        var e = await Assert.ThrowsAsync<EhrResponseException>(async () =>
        {
            await foreach (var r in services.GetRequiredService<FhirSearchPager>().SearchAsync("QuestionnaireResponse")) ids.Add(r.Id);
        });

        Assert.Equal(["r1"], ids);
        Assert.Single(stub.Requests);
        Assert.Contains("AdditionalTrustedOrigins", e.Message);
    }

    [Fact]
    public async Task SearchAsync_WhenNextLinksLoop_ThenThrowsInsteadOfSpinning()
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(Bundles.SearchSet([Bundles.Response("r1")], next: Page2)));
        using var services = TestEhr.Build(stub);

        var e = await Assert.ThrowsAsync<EhrResponseException>(async () =>
        {
            await foreach (var _ in services.GetRequiredService<FhirSearchPager>().SearchAsync("QuestionnaireResponse")) { }
        });

        Assert.Contains("loop", e.Message);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task SearchAsync_WhenTheEhrAnswers400_ThenThrowsWithOutcomeAndNoPatientIdentifier()
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(Bundles.Outcome("Unknown search parameter 'foo'"), HttpStatusCode.BadRequest));
        using var services = TestEhr.Build(stub);

        var e = await Assert.ThrowsAsync<EhrResponseException>(async () =>
        {
            await foreach (var _ in services.GetRequiredService<FhirSearchPager>().SearchAsync("QuestionnaireResponse", [new("subject", "Patient/secret-123"), new("foo", "x")])) { }
        });

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Contains("https://ehr.test/fhir/r4/QuestionnaireResponse", e.Message);
        Assert.Contains("Unknown search parameter 'foo'", e.Message);
        Assert.DoesNotContain("secret-123", e.Message);
        Assert.Single(stub.Requests); // a 400 is not retried
    }

    [Fact]
    public async Task SearchAsync_WhenBundleHasOutcomeEntry_ThenSkipsIt()
    {
        var bundle = JsonNode.Parse(Bundles.SearchSet([Bundles.Response("r1")]))!.AsObject();
        bundle["entry"]!.AsArray().Add(new JsonObject
        {
            ["resource"] = JsonNode.Parse(Bundles.Outcome("too many results, truncated", "informational")),
            ["search"] = new JsonObject { ["mode"] = "outcome" },
        });
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(bundle.ToJsonString()));
        using var services = TestEhr.Build(stub);

        var found = new List<Resource>();
        await foreach (var r in services.GetRequiredService<FhirSearchPager>().SearchAsync("QuestionnaireResponse")) found.Add(r);

        Assert.IsType<QuestionnaireResponse>(Assert.Single(found));
    }
}
