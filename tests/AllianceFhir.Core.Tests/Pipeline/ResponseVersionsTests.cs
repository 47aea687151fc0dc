using AllianceFhir.Core.Pipeline;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Pipeline;

public class ResponseVersionsTests
{
    private static readonly DateTimeOffset Early = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Compare_WhenFirstHasHigherVersionId_ThenFirstWins() =>
        Assert.False(ResponseVersions.Compare(new Meta { VersionId = "10", LastUpdated = Early }, new Meta { VersionId = "9", LastUpdated = Early.AddDays(1) }).SecondWins);

    [Fact]
    public void Compare_WhenNoVersionIdsButLaterLastUpdatedFirst_ThenFirstWins() =>
        Assert.False(ResponseVersions.Compare(new Meta { LastUpdated = Early.AddDays(1) }, new Meta { LastUpdated = Early }).SecondWins);

    [Fact]
    public void Compare_WhenNoMeta_ThenTheLaterLineWins() =>
        Assert.True(ResponseVersions.Compare(null, null).SecondWins);
}
