using AllianceFhir.FhirServer;
using AllianceFhir.State;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.Testing.FhirServer;
using Microsoft.Extensions.DependencyInjection;

namespace AllianceFhir.Service.Tests.Nightly;

/// <summary>
/// Issue 10 §2: the nightly job must not read back its own output (it searches EHR totals by the score codes its own
/// score Observations carry; src/AllianceFhir.Service/Ingest/OwnOutput.cs), nor quarantine the same unreadable response
/// again on every run. Against the real test FHIR server, SQLite state.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class OwnOutputTests
{
    [Fact]
    public async Task NightlyScoring_WhenRunASecondTime_ThenReadsNoMoreResourcesThanTheFirstAndQuarantinesNothingNew()
    {
        await using var server = await FhirServerProcess.StartAsync(FhirServerOptions.Default with { LoadFolder = RepositoryPaths.BundledCohort });
        using var state = new TempFolder();
        await using var host = await PipelineHost.StartAsync(server.BaseUrl, state.Path);
        var quarantine = host.Services.GetRequiredService<QuarantineStore>();

        await server.ResetStatsAsync();
        var first = await host.RunAsync("nightly-scoring");
        var readByFirst = (await server.StatsAsync()).Returned;
        var quarantinedByFirst = await quarantine.ListAsync(1000, CancellationToken.None);
        Assert.DoesNotContain("failed", first);
        Assert.NotEmpty(quarantinedByFirst); // the bundled cohort holds unreadable responses (unknown item, bad status)
        Assert.True(readByFirst > 1000, $"the first run should read the cohort's responses, read {readByFirst}");
        Assert.True((await EhrQuery.AllAsync(server, "Observation")).Count > readByFirst, "the first run writes more Observations than it reads");

        await server.ResetStatsAsync();
        var second = await host.RunAsync("nightly-scoring");
        var readBySecond = (await server.StatsAsync()).Returned;

        // Its own score Observations (same LOINC codes as EHR totals, written after the checkpoint) are not read back.
        Assert.True(readBySecond <= readByFirst, $"the second run read {readBySecond} resources, the first {readByFirst}");
        Assert.Contains("quarantined: 0", second);
        Assert.Equal(quarantinedByFirst.Count, (await quarantine.ListAsync(1000, CancellationToken.None)).Count);
    }
}
