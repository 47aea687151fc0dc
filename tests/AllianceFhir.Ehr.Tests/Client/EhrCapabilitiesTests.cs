using System.Net;
using AllianceFhir.Ehr.Client;
using AllianceFhir.Ehr.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AllianceFhir.Ehr.Tests.Client;

public sealed class EhrCapabilitiesTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestFiles", $"CapabilityStatement-{name}.json"));

    [Fact]
    public async Task GetAsync_WhenCalledTwice_ThenReadsMetadataOnce()
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(Fixture("epic-like")));
        using var services = TestEhr.Build(stub);
        var capabilities = services.GetRequiredService<EhrCapabilities>();

        var first = await capabilities.GetAsync();
        var second = await capabilities.GetAsync();

        Assert.Same(first, second);
        var request = Assert.Single(stub.Requests);
        Assert.Equal("/fhir/r4/metadata", request.Uri.AbsolutePath);
        Assert.Contains("application/fhir+json", request.Header("Accept"));
    }

    [Fact]
    public async Task GetAsync_WhenEpicLikeStatement_ThenAnswersWhatItMayWrite()
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(Fixture("epic-like")));
        using var services = TestEhr.Build(stub);

        var ehr = await services.GetRequiredService<EhrCapabilities>().GetAsync();

        Assert.True(ehr.CanCreate("Observation") && ehr.CanSearch("Observation") && ehr.CanUpdate("Observation"));
        Assert.False(ehr.SupportsConditionalCreate("Observation")); // declared false
        Assert.False(ehr.CanCreate("Flag"));
        Assert.True(ehr.CanSearch("Flag"));
        Assert.False(ehr.CanCreate("Task"));
        Assert.True(ehr.CanUpdate("Task"));
        Assert.True(ehr.CanCreate("Communication"));
        Assert.False(ehr.SupportsConditionalCreate("Communication")); // not declared
        Assert.False(ehr.SupportsProvenance); // read only
        Assert.False(ehr.SupportsBatch); // only the client-mode rest entry declares it
        Assert.False(ehr.SupportsTransaction);
        Assert.False(ehr.CanSearch("Patient")); // absent
    }

    [Fact]
    public async Task GetAsync_WhenHapiLikeStatement_ThenConditionalCreateBatchTransactionAndProvenance()
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(Fixture("hapi-like")));
        using var services = TestEhr.Build(stub);

        var ehr = await services.GetRequiredService<EhrCapabilities>().GetAsync();

        Assert.True(ehr.SupportsConditionalCreate("Observation"));
        Assert.True(ehr.SupportsConditionalCreate("Flag"));
        Assert.True(ehr.SupportsBatch);
        Assert.True(ehr.SupportsTransaction);
        Assert.True(ehr.SupportsProvenance);
    }

    [Fact]
    public async Task GetAsync_WhenTwoBaseUrls_ThenEachIsReadOnceAndKeptApart()
    {
        var stub = new StubHttpHandler((request, _) => StubHttpHandler.Json(Fixture(request.RequestUri!.AbsolutePath.StartsWith("/other", StringComparison.Ordinal) ? "hapi-like" : "epic-like")));
        using var services = TestEhr.Build(stub, new Dictionary<string, string?> { ["Ehr:AdditionalTrustedOrigins:0"] = "https://ehr.test" });
        var capabilities = services.GetRequiredService<EhrCapabilities>();

        var epic = await capabilities.GetAsync(new Uri(TestEhr.BaseUrl));
        var hapi = await capabilities.GetAsync(new Uri("https://ehr.test/other/fhir/"));
        await capabilities.GetAsync(new Uri("https://ehr.test/other/fhir"));

        Assert.False(epic.SupportsBatch);
        Assert.True(hapi.SupportsBatch);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task GetAsync_WhenFirstReadFails_ThenTheNextCallReadsAgain()
    {
        var calls = 0;
        var stub = new StubHttpHandler((_, _) => Interlocked.Increment(ref calls) == 1
            ? StubHttpHandler.Json(Bundles.Outcome("metadata is being rebuilt"), HttpStatusCode.NotFound)
            : StubHttpHandler.Json(Fixture("hapi-like")));
        using var services = TestEhr.Build(stub);
        var capabilities = services.GetRequiredService<EhrCapabilities>();

        var e = await Assert.ThrowsAsync<EhrResponseException>(() => capabilities.GetAsync());
        var ehr = await capabilities.GetAsync();

        Assert.Contains("metadata is being rebuilt", e.Message);
        Assert.True(ehr.SupportsTransaction);
    }
}
