using AllianceFhir.Testing.FhirServer;
using AllianceFhir.Testing.Tests.FhirServer.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Testing.Tests.FhirServer;

/// <summary>GET $stats counts FHIR requests, so a test can assert how many calls a client made.</summary>
public sealed class StatsTests(FhirServerFixture fhir) : IClassFixture<FhirServerFixture>
{
    [Fact]
    public async System.Threading.Tasks.Task Stats_WhenRequestsMadeAfterReset_ThenCountsThemByMethodAndStatus()
    {
        await fhir.Server.ResetStatsAsync();

        var created = await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(TestResources.NewSystem(), "1"));
        await FhirHttp.GetAsync<Observation>(fhir.Client, $"Observation/{created.Id}");
        await FhirHttp.GetAsync<Bundle>(fhir.Client, "Observation?_count=1");
        using (await fhir.Client.GetAsync($"Observation/{Guid.NewGuid():N}")) { }

        var stats = await fhir.Server.StatsAsync();
        Assert.Equal(4, stats.Requests);
        Assert.Equal(1, stats.Count(HttpMethod.Post));
        Assert.Equal(3, stats.Count(HttpMethod.Get));
        Assert.Equal(1, stats.Count(201));
        Assert.Equal(2, stats.Count(200));
        Assert.Equal(1, stats.Count(404));
        Assert.Equal(0, stats.Injected);
    }

    [Fact]
    public async System.Threading.Tasks.Task ResetStats_WhenRequestsWereCounted_ThenCountersStartAgainAtZero()
    {
        await FhirHttp.GetAsync<CapabilityStatement>(fhir.Client, "metadata");

        await fhir.Server.ResetStatsAsync();

        var stats = await fhir.Server.StatsAsync();
        Assert.Equal(0, stats.Requests);
        Assert.Empty(stats.ByMethod);
    }
}
